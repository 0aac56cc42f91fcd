// SPDX-License-Identifier: GPL-2.0
/*
 * CPUs and nodes.  hwloc knows the topology and binds threads; libnuma
 * places memory.  With no NUMA support everything is node 0.
 */
#include "core/topo.h"

#include <errno.h>
#include <hwloc.h>
#include <numa.h>
#include <numaif.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static hwloc_topology_t topo;
static int nr_cpus, nr_nodes;
static int cpu_ids[TOPO_MAX_CPUS];	/* OS index of each usable CPU */
static int cpu_node[TOPO_MAX_CPUS];	/* its node */
static char summary[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int node_of_pu(hwloc_obj_t pu)
{
	hwloc_obj_t n = hwloc_get_ancestor_obj_by_type(topo, HWLOC_OBJ_NUMANODE, pu);

	if (n)
		return (int)n->os_index;
	/* hwloc 2 puts NUMA nodes beside the tree: find the one covering pu. */
	for (hwloc_obj_t m = NULL; (m = hwloc_get_next_obj_by_type(topo, HWLOC_OBJ_NUMANODE, m));)
		if (hwloc_bitmap_isset(m->cpuset, pu->os_index))
			return (int)m->os_index;
	return 0;
}

static void load_topology(void)
{
	hwloc_const_bitmap_t allowed;
	hwloc_obj_t pu = NULL;
	int packages, cores;

	hwloc_topology_init(&topo);
	hwloc_topology_load(topo);
	allowed = hwloc_topology_get_allowed_cpuset(topo);
	while ((pu = hwloc_get_next_obj_by_type(topo, HWLOC_OBJ_PU, pu)) &&
	       nr_cpus < TOPO_MAX_CPUS) {
		if (!hwloc_bitmap_isset(allowed, pu->os_index))
			continue;
		cpu_ids[nr_cpus] = (int)pu->os_index;
		cpu_node[nr_cpus++] = node_of_pu(pu);
	}
	nr_nodes = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_NUMANODE);
	if (nr_nodes < 1)
		nr_nodes = 1;
	packages = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PACKAGE);
	cores = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_CORE);
	snprintf(summary, sizeof(summary),
		 "%d package(s), %d NUMA node(s), %d core(s), %d PU(s) usable (hwloc %s)",
		 packages, nr_nodes, cores, nr_cpus, HWLOC_VERSION);
}

int topo_init(void)
{
	pthread_once(&once, load_topology);
	return nr_cpus > 0 ? 0 : -ENODEV;
}

int topo_nr_cpus(void)
{
	topo_init();
	return nr_cpus;
}

int topo_nr_nodes(void)
{
	topo_init();
	return nr_nodes;
}

const char *topo_summary(void)
{
	topo_init();
	return summary;
}

int topo_node_of_cpu(int cpu)
{
	topo_init();
	for (int i = 0; i < nr_cpus; i++)
		if (cpu_ids[i] == cpu)
			return cpu_node[i];
	return -1;
}

int topo_cpus_of_node(int node, int *cpus, int max)
{
	int n = 0;

	topo_init();
	for (int i = 0; i < nr_cpus && n < max; i++)
		if (cpu_node[i] == node)
			cpus[n++] = cpu_ids[i];
	return n;
}

int topo_pick_cpus_on_node(int node, int n, int *cpus)
{
	return topo_cpus_of_node(node, cpus, n);
}

/* Round-robin over nodes: thread k goes to the (k / nodes)-th CPU of node k % nodes. */
int topo_pick_cpus(int n, int *cpus)
{
	int picked = 0, per_node[TOPO_MAX_NODES] = { 0 };

	topo_init();
	while (picked < n && picked < nr_cpus) {
		int progress = 0;

		for (int node = 0; node < TOPO_MAX_NODES && picked < n; node++) {
			int list[TOPO_MAX_CPUS];
			int have = topo_cpus_of_node(node, list, TOPO_MAX_CPUS);

			if (per_node[node] < have) {
				cpus[picked++] = list[per_node[node]++];
				progress = 1;
			}
		}
		if (!progress)
			break;
	}
	return picked;
}

int topo_bind_self(int cpu)
{
	hwloc_bitmap_t set = hwloc_bitmap_alloc();
	int ret;

	topo_init();
	hwloc_bitmap_only(set, (unsigned)cpu);
	ret = hwloc_set_cpubind(topo, set, HWLOC_CPUBIND_THREAD);
	hwloc_bitmap_free(set);
	return ret ? -errno : 0;
}

static bool numa_ok(void)
{
	return numa_available() >= 0;
}

void *topo_alloc_on_node(size_t bytes, int node)
{
	void *p;

	if (numa_ok() && node >= 0 && node <= numa_max_node())
		return numa_alloc_onnode(bytes, node);
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

void topo_free(void *p, size_t bytes)
{
	if (!p)
		return;
	if (numa_ok())
		numa_free(p, bytes);
	else
		munmap(p, bytes);
}

int topo_place_on_node(void *p, size_t bytes, int node)
{
	if (!numa_ok())
		return node == 0 ? 0 : -ENODEV;
	numa_tonode_memory(p, bytes, node);
	return 0;
}

int topo_node_of_addr(void *p)
{
	int status = -1;
	void *pages[1] = { p };

	if (move_pages(0, 1, pages, NULL, &status, 0))
		return -1;
	return status;
}

/* ---- teams of bound threads --------------------------------------------- */

enum team_state { TEAM_WAIT, TEAM_GO, TEAM_ABORT };

struct team {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	enum team_state state;
	int ready;
	void (*body)(int idx, void *arg);
	void *arg;
	const int *cpus;
};

struct member {
	struct team *team;
	int idx;
};

static enum team_state wait_for_start(struct team *t)
{
	enum team_state s;

	pthread_mutex_lock(&t->lock);
	t->ready++;
	pthread_cond_broadcast(&t->cond);
	while (t->state == TEAM_WAIT)
		pthread_cond_wait(&t->cond, &t->lock);
	s = t->state;
	pthread_mutex_unlock(&t->lock);
	return s;
}

static void *member_main(void *p)
{
	struct member *m = p;

	/* Bind before the start: every thread begins on its own CPU at once. */
	topo_bind_self(m->team->cpus[m->idx]);
	if (wait_for_start(m->team) == TEAM_GO)
		m->team->body(m->idx, m->team->arg);
	return NULL;
}

/* Releases the team once all n are bound, or aborts it (creation failed). */
static void release_team(struct team *t, int n, enum team_state how)
{
	pthread_mutex_lock(&t->lock);
	while (how == TEAM_GO && t->ready < n)
		pthread_cond_wait(&t->cond, &t->lock);
	t->state = how;
	pthread_cond_broadcast(&t->cond);
	pthread_mutex_unlock(&t->lock);
}

int topo_team_run(int n, const int *cpus, void (*body)(int idx, void *arg), void *arg)
{
	struct team team = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
			     TEAM_WAIT, 0, body, arg, cpus };
	pthread_t *tid = calloc(n > 0 ? (size_t)n : 1, sizeof(*tid));
	struct member *m = calloc(n > 0 ? (size_t)n : 1, sizeof(*m));
	int created = 0;

	if (!tid || !m || n < 1) {
		free(tid);
		free(m);
		return -EINVAL;
	}
	for (; created < n; created++) {
		m[created] = (struct member){ &team, created };
		if (pthread_create(&tid[created], NULL, member_main, &m[created]))
			break;
	}
	release_team(&team, n, created == n ? TEAM_GO : TEAM_ABORT);
	for (int i = 0; i < created; i++)
		pthread_join(tid[i], NULL);
	free(tid);
	free(m);
	return created == n ? 0 : -EAGAIN;
}
