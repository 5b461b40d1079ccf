/* `vnplan report FILE|FOLDER... [-o report.html]`: one self-contained HTML
 * page of the tasks, cited documents and diagnostics of every input. */
#ifndef VNPLAN_REPORT_CMD_H
#define VNPLAN_REPORT_CMD_H

/* Runs the command on argv[2..argc); returns the exit status: 0, 1 when an
 * input could not be read or the page could not be written, 2 for a usage
 * error. */
int report_main(int argc, char **argv);

#endif
