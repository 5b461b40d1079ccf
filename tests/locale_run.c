/* locale_run FILE...: what a program that uses the library under its
 * user's locale gets. Calls setlocale(LC_ALL, "") (so LC_ALL=vi_VN.UTF-8
 * gives a decimal comma to strtod and printf), then writes the JSON and
 * the XML of each file to stdout, each preceded by its name. The first
 * line of stderr names the locale's decimal point. Exit status: 0, 1 when
 * a file fails, 77 when the locale asked for is not installed. */
#include "vnplan.h"

#include <locale.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    if (!setlocale(LC_ALL, "")) {
        fprintf(stderr, "locale_run: the locale of the environment is not installed\n");
        return 77;
    }
    fprintf(stderr, "decimal point '%s'\n", localeconv()->decimal_point);
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        vnp_document *doc;
        vnp_error err;
        if (vnp_parse_file(argv[i], NULL, &doc, &err) != VNP_OK) {
            fprintf(stderr, "%s: %s\n", argv[i], err.message);
            rc = 1;
            continue;
        }
        printf("== %s\n", argv[i]);
        if (vnp_write_json_file(doc, 0, stdout) != VNP_OK ||
            vnp_write_xml_file(doc, 0, stdout) != VNP_OK)
            rc = 1;
        vnp_document_free(doc);
    }
    return fflush(stdout) == 0 && rc == 0 ? 0 : 1;
}
