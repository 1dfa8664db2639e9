// SPDX-License-Identifier: MIT
#pragma once
// The tests are built as two programs (tests/CMakeLists.txt says why), each holding many Qt Test
// classes. This header, included after <QtTest> in every test source, turns a test file's
// QTEST_MAIN / QTEST_GUILESS_MAIN / QTEST_APPLESS_MAIN into a registration under the file's
// name: `embex_core_tests tst_pca [Qt Test options]` runs what `tst_pca` ran on its own, with the
// same application object, in a process of its own.
#include <QtTest>

namespace embex::test {

using TestMain = int (*)(int argc, char* argv[]);

/// Registers the test whose source is `sourceFile` (its name without folder and extension).
bool registerTestMain(const char* sourceFile, TestMain testMain);

} // namespace embex::test

#undef QTEST_MAIN_WRAPPER
// Qt's own QTEST_MAIN_WRAPPER with `int main` turned into a registered function.
#define QTEST_MAIN_WRAPPER(TestObject, ...)                                                                            \
    static const bool embexTestRegistered##TestObject = ::embex::test::registerTestMain(                               \
        __FILE__, [](int argc, char* argv[]) -> int {                                                                  \
            QT_PREPEND_NAMESPACE(QTest::Internal::callInitMain)<TestObject>();                                         \
            __VA_ARGS__                                                                                                \
            TestObject tc;                                                                                             \
            QTEST_SET_MAIN_SOURCE_PATH                                                                                 \
            return QTest::qExec(&tc, argc, argv);                                                                      \
        });
