# Writes a C file that holds one text file as a NUL-terminated string
# that the pointer NAME points to, so the command needs no data file at run time.
# Run as: cmake -DIN=schema/vnplan.sql -DOUT=file.c -DNAME=symbol -P embed_sql.cmake
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE "${OUT}.tmp" "/* Generated from ${IN} by cmake/embed_sql.cmake: do not edit. */\n"
  "static const unsigned char bytes[] = {${bytes}0x00};\n"
  "extern const char *const ${NAME};\nconst char *const ${NAME} = (const char *)bytes;\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
