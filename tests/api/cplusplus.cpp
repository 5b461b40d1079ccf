// vnplan.h as a C++ program sees it: the header compiles as C++11 with
// every warning an error, its declarations link against the C library
// (extern "C"), and the library parses and writes a document for a C++
// caller, with a C++ allocator behind the allocator hook.
#include <vnplan.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

struct counting_pool {
    size_t live = 0;
};

void *pool_malloc(void *ctx, size_t size)
{
    static_cast<counting_pool *>(ctx)->live++;
    return std::malloc(size);
}

void *pool_realloc(void *ctx, void *ptr, size_t old_size, size_t size)
{
    (void)ctx;
    (void)old_size;
    return std::realloc(ptr, size);
}

void pool_free(void *ctx, void *ptr)
{
    static_cast<counting_pool *>(ctx)->live--;
    std::free(ptr);
}

int failed(const std::string &what)
{
    std::fprintf(stderr, "cplusplus: %s\n", what.c_str());
    return 1;
}

} // namespace

int main()
{
    if (std::strcmp(vnp_version(), VNPLAN_VERSION) != 0)
        return failed("the library is not the one of the header");
    const std::string text = "ỦY BAN NHÂN DÂN TỈNH BẮC NINH\n\nSố: 12/KH-UBND\n\n"
                             "Bắc Ninh, ngày 15 tháng 01 năm 2026\n\nKẾ HOẠCH\n"
                             "Triển khai chuyển đổi số năm 2026\n\n"
                             "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;\n\n"
                             "I. MỤC ĐÍCH\n\nNội dung.\n";
    counting_pool pool;
    vnp_allocator allocator = {pool_malloc, pool_realloc, pool_free, &pool};
    vnp_options options = VNP_OPTIONS_INIT;
    options.allocator = &allocator;
    vnp_document *doc = nullptr;
    vnp_error err;
    vnp_status st = vnp_parse(text.data(), text.size(), "plan.txt", &options, &doc, &err);
    if (st != VNP_OK)
        return failed(std::string("parse: ") + vnp_status_string(st) + ": " + err.message);
    const vnp_reference *first = vnp_document_reference(doc, 0);
    if (!first || !first->symbol || std::string(first->symbol) != "NQ/TW")
        return failed("the legal basis is not read");
    if (!vnp_document_heading(doc, 0) || vnp_document_heading(doc, 99))
        return failed("the outline is not read");
    char *json = nullptr;
    size_t json_len = 0;
    st = vnp_write_json(doc, VNP_WRITE_COMPACT, &json, &json_len);
    const std::string written = json ? std::string(json, json_len) : std::string();
    if (st != VNP_OK || written.find("\"symbol\":\"KH-UBND\"") == std::string::npos)
        return failed("the JSON lacks the symbol");
    pool_free(&pool, json); // the buffer comes from the document's allocator
    vnp_document_free(doc);
    if (pool.live != 0)
        return failed("the allocator's blocks are not all freed");
    if (std::string(vnp_diag_code_string(static_cast<vnp_diag_code>(0))).empty())
        return failed("a diagnostic code has no name");
    std::puts("ok");
    return 0;
}
