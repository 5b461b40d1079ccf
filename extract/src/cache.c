/* The process's compile-once cache: what every document reads and none
 * changes (the compiled PCRE2 codes of the built-in grammars, the keyed
 * built-in lexicons) is made on first use and then shared.
 *
 * An item is found by the address of what it was made from (a pattern
 * literal, an embedded grammar file) and by its kind, the function that
 * releases it (a grammar file may be compiled as a pattern and keyed as a
 * lexicon): built-in texts live as long as the library, so an address
 * names one text. Items are made outside the lock
 * (making one may need another: the reference grammar reads the type
 * words of a lexicon), and a make that failed is not remembered, so a
 * later document tries again. When two threads make one item at once,
 * the first kept wins and the other's copy is released.
 *
 * Everything the cache holds is released when the library is unloaded or
 * the process exits (a destructor of the library: no call for the user to
 * make, none to forget), so a memory checker sees nothing of it left. A
 * program must not exit while another of its threads is still parsing:
 * that thread's codes would go away under it. */
#include "internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

typedef struct cache_item {
    const void *key;
    void *value;
    cache_release_fn release;
    struct cache_item *next;
} cache_item;

static cache_item *items;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_uint generation; /* counts the releases of everything */

static cache_item *find(const void *key, cache_release_fn release)
{
    cache_item *it = items;
    while (it && (it->key != key || it->release != release))
        it = it->next;
    return it;
}

static void *lookup(const void *key, cache_release_fn release)
{
    pthread_mutex_lock(&lock);
    cache_item *it = find(key, release);
    void *value = it ? it->value : NULL;
    pthread_mutex_unlock(&lock);
    return value;
}

/* Keeps value under key unless another thread kept one first; returns
 * the kept one (NULL when memory for the entry ran out: value is then
 * released and the caller sees a failed make). */
static void *keep(const void *key, void *value, cache_release_fn release)
{
    pthread_mutex_lock(&lock);
    cache_item *it = find(key, release);
    void *kept = it ? it->value : NULL;
    if (!it && (it = malloc(sizeof *it)) != NULL) {
        *it = (cache_item){key, value, release, items};
        items = it;
        kept = value;
    }
    pthread_mutex_unlock(&lock);
    if (kept != value) {
        const vnp_allocator *document_allocator = mem_use(NULL);
        release(value);
        mem_use(document_allocator);
        if (!kept)
            vnp_alloc_failed = true;
    }
    return kept;
}

void *cache_get(const void *key, cache_make_fn make, cache_release_fn release, void *ctx)
{
    void *value = lookup(key, release);
    if (value)
        return value;
    /* the cache outlives the document being parsed: what it holds comes
     * from malloc, never from that document's allocator (mem_use) */
    const vnp_allocator *document_allocator = mem_use(NULL);
    value = make(ctx);
    mem_use(document_allocator);
    return value ? keep(key, value, release) : NULL;
}

size_t cache_item_count(void)
{
    pthread_mutex_lock(&lock);
    size_t n = 0;
    for (const cache_item *it = items; it; it = it->next)
        n++;
    pthread_mutex_unlock(&lock);
    return n;
}

void cache_release_all(void)
{
    pthread_mutex_lock(&lock);
    cache_item *it = items;
    items = NULL;
    atomic_fetch_add(&generation, 1);
    pthread_mutex_unlock(&lock);
    const vnp_allocator *document_allocator = mem_use(NULL);
    while (it) {
        cache_item *next = it->next;
        it->release(it->value);
        free(it);
        it = next;
    }
    mem_use(document_allocator);
}

unsigned cache_generation(void) { return atomic_load(&generation); }

#if defined(__GNUC__) || defined(__clang__)
__attribute__((destructor)) static void release_at_unload(void) { cache_release_all(); }
#endif
