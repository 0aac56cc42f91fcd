/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/cli/commands.h - `pinbench CMD`: one function per subcommand (perf bench
 * style).  Each returns the process exit status: 0 ok, 2 bad usage/input,
 * 1 other failure.  Each handles its own --help.
 */
#ifndef PINBENCH_COMMANDS_H
#define PINBENCH_COMMANDS_H

int cmd_list(int argc, char **argv);	/* bench/cli/list.c */
int cmd_run(int argc, char **argv);	/* bench/cli/run.c */
int cmd_compare(int argc, char **argv);	/* bench/cli/compare.c */
int cmd_plot(int argc, char **argv);	/* bench/cli/plot.c */
int cmd_report(int argc, char **argv);	/* bench/cli/report.c */

#endif
