/* libxml2 sets up global tables once; doing it in LLVMFuzzerInitialize
 * keeps them out of the per-input leak check. One harness per program
 * includes this. */
#ifndef VNPLAN_FUZZ_INIT_H
#define VNPLAN_FUZZ_INIT_H

#include <libxml/parser.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    xmlInitParser();
    return 0;
}

#endif
