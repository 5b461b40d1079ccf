/* The versions a program finds at run time: the library's own (the CMake
 * project version) and the output format's the writers stamp. */
#include "vnplan.h"

#ifndef VNPLAN_PROJECT_VERSION
#error "VNPLAN_PROJECT_VERSION is given by the build (CMakeLists.txt)"
#endif

const char *vnp_version(void)
{
    return VNPLAN_PROJECT_VERSION;
}

const char *vnp_format_version(void)
{
    return VNPLAN_FORMAT_VERSION;
}
