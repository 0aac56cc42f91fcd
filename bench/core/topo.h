/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/core/topo.h - CPUs and NUMA nodes: binding with hwloc, memory
 * placement with libnuma.  Works with one node (as on a laptop or this lab
 * machine) and with many.
 */
#ifndef PINBENCH_TOPO_H
#define PINBENCH_TOPO_H

#include <stddef.h>

#define TOPO_MAX_CPUS 1024
#define TOPO_MAX_NODES 64

int topo_init(void);
int topo_nr_cpus(void);		/* CPUs this process may run on */
int topo_nr_nodes(void);	/* NUMA nodes with CPUs or memory */
int topo_node_of_cpu(int cpu);
/* CPUs (OS indexes) of node, up to max; returns how many. */
int topo_cpus_of_node(int node, int *cpus, int max);
/*
 * n CPUs to run n threads on: round-robin over nodes, so 2 threads on a
 * 2-node box land on different nodes.  Returns n or fewer when n > CPUs.
 */
int topo_pick_cpus(int n, int *cpus);
/* n CPUs from one node only (for "all threads on node X" cases). */
int topo_pick_cpus_on_node(int node, int n, int *cpus);
/* Bind the calling thread to one CPU (hwloc); 0 or -errno. */
int topo_bind_self(int cpu);
/* A one-line topology summary for the manifest (hwloc). */
const char *topo_summary(void);

/* Memory on a node (libnuma; plain mmap when NUMA is not available). */
void *topo_alloc_on_node(size_t bytes, int node);
void topo_free(void *p, size_t bytes);
/* Bind an existing range to a node (for per-node parts of one array). */
int topo_place_on_node(void *p, size_t bytes, int node);
/* The node whose memory backs the page at p, or -1. */
int topo_node_of_addr(void *p);

/*
 * Run body(idx, arg) on n threads, thread idx bound to cpus[idx]; all
 * threads are released at once (a barrier) after binding.  Returns 0 or
 * -errno if a thread could not be created (none left running then).
 */
int topo_team_run(int n, const int *cpus, void (*body)(int idx, void *arg),
		  void *arg);

#endif
