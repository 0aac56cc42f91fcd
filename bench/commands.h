/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/commands.h - `pinbench CMD`: one function per subcommand (perf bench
 * style).  Each returns the process exit status: 0 ok, 2 bad usage/input,
 * 1 other failure.  Each handles its own --help.
 */
#ifndef PINBENCH_COMMANDS_H
#define PINBENCH_COMMANDS_H

int cmd_list(int argc, char **argv);	/* bench/main.c */
int cmd_run(int argc, char **argv);	/* bench/cmd_run.c */
int cmd_compare(int argc, char **argv);	/* bench/cmd_compare.c */
int cmd_plot(int argc, char **argv);	/* bench/cmd_plot.c */

#endif
