// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/model/setup.c - the model memory put together: the memmap and
 * frames mapped, a free stack per node range, then the design's own state
 * from its checked params.
 */
#include "kernels/model/setup.h"
#include "kernels/model/alloc.h"
#include "kernels/pin_design.h"

#include <numa.h>
#include <stdio.h>
#include <string.h>

static int check_config(const struct pin_mem_config *cfg, char *err, size_t errlen)
{
	int max_node = numa_available() < 0 ? 0 : numa_max_node();

	if (cfg->nr_pages == 0 || cfg->nr_nodes < 1 || cfg->nr_nodes > MODEL_MAX_NODES ||
	    cfg->nr_pages < (unsigned long)cfg->nr_nodes) {
		snprintf(err, errlen, "model: need 1..%d nodes and at least one page per node",
			 MODEL_MAX_NODES);
		return -EINVAL;
	}
	for (int i = 0; i < cfg->nr_nodes; i++) {
		int node = cfg->nodes ? cfg->nodes[i] : i;

		if (node < 0 || node > max_node) {
			snprintf(err, errlen, "model: NUMA node %d is not available (max %d)",
				 node, max_node);
			return -ENODEV;
		}
	}
	return 0;
}

/* The pages split evenly over the nodes, the last range taking the rest. */
static int init_ranges(struct pin_mem *mem, const struct pin_mem_config *cfg)
{
	unsigned long per = cfg->nr_pages / cfg->nr_nodes;
	int rc = 0;

	for (int r = 0; !rc && r < cfg->nr_nodes; r++) {
		unsigned long nr = r == cfg->nr_nodes - 1 ? cfg->nr_pages - per * r : per;

		mem->range[r] = (struct mem_node_range){ per * r, nr,
							 cfg->nodes ? cfg->nodes[r] : r };
		pin_mem_place_range(mem, r);
		rc = pin_mem_free_area_init(mem, r);
		mem->nr_ranges = r + 1;
	}
	return rc;
}

int pin_mem_init(struct pin_mem *mem, const struct pin_design_ops *ops,
		 const char *params, const struct pin_mem_config *cfg,
		 char *err, size_t errlen)
{
	struct pin_design_args args;
	int rc = check_config(cfg, err, errlen);

	if (!rc)
		rc = pin_design_parse_params(ops, params, &args, err, errlen);
	if (rc)
		return rc;
	memset(mem, 0, sizeof(*mem));
	mem->ops = ops;
	mem->stride = ops->page_struct_size ? ops->page_struct_size : sizeof(struct page);
	mem->nr_pages = cfg->nr_pages;
	rc = pin_mem_map(mem, cfg);
	if (!rc)
		rc = init_ranges(mem, cfg);
	if (rc) {
		snprintf(err, errlen, "model: cannot map %lu pages: %s", cfg->nr_pages,
			 strerror(-rc));
		pin_mem_fini(mem);
		return rc;
	}
	rc = ops->init ? ops->init(mem, &args, err, errlen) : 0;
	if (rc) {
		mem->ops = NULL;	/* the design did not start: no fini */
		pin_mem_fini(mem);
	}
	return rc;
}

void pin_mem_fini(struct pin_mem *mem)
{
	if (mem->ops && mem->ops->fini)
		mem->ops->fini(mem);
	for (int r = 0; r < mem->nr_ranges; r++)
		pin_mem_free_area_fini(mem, r);
	pin_mem_unmap(mem);
	memset(mem, 0, sizeof(*mem));
}
