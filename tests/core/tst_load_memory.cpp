// SPDX-License-Identifier: MIT
// Peak memory of a load, counted at the allocator: a large file must cost about its columns
// plus fixed buffers, not a multiple of the file. Growing the columns by doubling instead of
// reserving once would cost up to 3× while a column moves.
#include "core/data/ratings_loader.h"

#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <malloc.h>
#include <new>

namespace {

std::atomic<long long> g_live { 0 };
std::atomic<long long> g_peak { 0 };

void* counted(std::size_t size, std::size_t alignment = 0)
{
    void* p = alignment > alignof(std::max_align_t)
        ? std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment)
        : std::malloc(size ? size : 1);
    if (!p)
        throw std::bad_alloc();
    const long long now = g_live.fetch_add(static_cast<long long>(malloc_usable_size(p)))
        + static_cast<long long>(malloc_usable_size(p));
    long long peak = g_peak.load();
    while (now > peak && !g_peak.compare_exchange_weak(peak, now)) { }
    return p;
}

void release(void* p)
{
    if (!p)
        return;
    g_live.fetch_sub(static_cast<long long>(malloc_usable_size(p)));
    std::free(p);
}

} // namespace

void* operator new(std::size_t size)
{
    return counted(size);
}
void* operator new[](std::size_t size)
{
    return counted(size);
}
void* operator new(std::size_t size, std::align_val_t a)
{
    return counted(size, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t size, std::align_val_t a)
{
    return counted(size, static_cast<std::size_t>(a));
}
// The nothrow forms too (std::stable_sort's buffer is one): memory from a form left out would come
// from the standard allocator and be handed back to free() here.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept
{
    try {
        return counted(size);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept
{
    try {
        return counted(size);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}
void* operator new(std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept
{
    try {
        return counted(size, static_cast<std::size_t>(a));
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}
void* operator new[](std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept
{
    try {
        return counted(size, static_cast<std::size_t>(a));
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}
void operator delete(void* p, const std::nothrow_t&) noexcept
{
    release(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept
{
    release(p);
}
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept
{
    release(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept
{
    release(p);
}
void operator delete(void* p) noexcept
{
    release(p);
}
void operator delete[](void* p) noexcept
{
    release(p);
}
void operator delete(void* p, std::size_t) noexcept
{
    release(p);
}
void operator delete[](void* p, std::size_t) noexcept
{
    release(p);
}
void operator delete(void* p, std::align_val_t) noexcept
{
    release(p);
}
void operator delete[](void* p, std::align_val_t) noexcept
{
    release(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept
{
    release(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept
{
    release(p);
}

namespace {

/// A CSV of `rows` ratings over the same 100,000 users and 20,000 items whatever its length.
std::string writeRatings(const QTemporaryDir& dir, long rows)
{
    const std::string path = dir.filePath(QStringLiteral("r%1.csv").arg(rows)).toStdString();
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f)
        return {};
    std::fputs("userId,movieId,rating,timestamp\n", f);
    for (long r = 0; r < rows; ++r)
        std::fprintf(f, "%ld,%ld,%.1f,%ld\n", 1 + (r * 7919) % 100000, 1 + (r * 104729) % 20000,
                     0.5 * static_cast<double>(1 + r % 10), 1500000000L + r);
    return std::fclose(f) == 0 ? path : std::string();
}

/// Heap bytes allocated at the worst moment of loading `path`, above what was live before.
double loadPeak(const std::string& path, long rows)
{
    embex::core::LoadOptions options;
    options.findMetadata = false;
    options.threads = 2;
    const long long before = g_live.load();
    g_peak.store(before);
    const embex::core::LoadOutcome outcome = embex::core::loadRatings(path, options);
    if (!outcome.ok() || static_cast<long>(outcome.dataset->ratings.size()) != rows)
        return -1;
    return static_cast<double>(g_peak.load() - before);
}

} // namespace

class TestLoadMemory : public QObject {
    Q_OBJECT

private slots:
    // Fixed costs (a 1 MiB read buffer per thread, the id tables) are the same
    // for both files; what the extra 1.5 million rows add must be about their columns:
    // user, item, rating (4 bytes each) and timestamp (8).
    void eachExtraRowCostsItsColumns()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        constexpr long smaller = 1'500'000, larger = 3'000'000;
        const std::string small = writeRatings(dir, smaller), large = writeRatings(dir, larger);
        QVERIFY(!small.empty() && !large.empty());
        const double a = loadPeak(small, smaller), b = loadPeak(large, larger);
        QVERIFY(a > 0 && b > 0);
        const double bytesPerRow = (b - a) / (larger - smaller);
        QVERIFY2(bytesPerRow <= 1.25 * 20,
                 qPrintable(QStringLiteral("peaks %1 MB and %2 MB: %3 bytes per extra row")
                                .arg(a / 1e6, 0, 'f', 1)
                                .arg(b / 1e6, 0, 'f', 1)
                                .arg(bytesPerRow, 0, 'f', 1)));
    }
};

QTEST_GUILESS_MAIN(TestLoadMemory)
#include "tst_load_memory.moc"
