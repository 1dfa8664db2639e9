# SPDX-License-Identifier: MIT
# Flags every Embex target shares ride on one INTERFACE target.
add_library(embex_options INTERFACE)
target_compile_features(embex_options INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)
target_compile_options(embex_options INTERFACE -Wall -Wextra -Wpedantic -Wold-style-cast)

if(EMBEX_SANITIZE)
    string(REPLACE ";" "," _embex_sanitizers "${EMBEX_SANITIZE}")
    target_compile_options(embex_options INTERFACE -fsanitize=${_embex_sanitizers} -fno-omit-frame-pointer)
    target_link_options(embex_options INTERFACE -fsanitize=${_embex_sanitizers})
endif()

# Many tst_*.cpp in one test program (tests/CMakeLists.txt says why): each source registers its
# test class under its file name (tests/support/test_program.h), and each becomes one CTest test
# that runs `PROGRAM tst_name` offscreen, one test class per process.
function(embex_add_test_program program)
    cmake_parse_arguments(ARG "" "" "LIBS;SOURCES;PRECOMPILE" ${ARGN})
    add_executable(${program} ${PROJECT_SOURCE_DIR}/tests/support/test_program_main.cpp ${ARG_SOURCES})
    target_link_libraries(${program} PRIVATE embex_options Qt6::Test ${ARG_LIBS})
    # A unity build compiles 8 test sources per translation unit: the precompiled header of Qt Test,
    # Eigen (and Qt Widgets, QCustomPlot) is loaded once for them instead of 8 times, and loading
    # it is most of a small test's compile (4 of 6 CPU s for a window test).
    set_target_properties(${program} PROPERTIES AUTOMOC ON UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 8)
    set_source_files_properties(${PROJECT_SOURCE_DIR}/tests/support/test_program_main.cpp
        PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON SKIP_PRECOMPILE_HEADERS ON)
    target_include_directories(${program} PRIVATE ${PROJECT_SOURCE_DIR})
    # test_program.h must follow <QtTest> in every test source: it is the precompiled header's last
    # entry, or forced in when the build has no precompiled headers.
    target_precompile_headers(${program} PRIVATE ${ARG_PRECOMPILE} "${PROJECT_SOURCE_DIR}/tests/support/test_program.h")
    if(CMAKE_DISABLE_PRECOMPILE_HEADERS)
        target_compile_options(${program} PRIVATE -include ${PROJECT_SOURCE_DIR}/tests/support/test_program.h)
    endif()
    # A test's own code needs no -O3 (the code under test is in the libraries, built as shipped):
    # -O1 takes about three quarters of -O3's compile CPU (a CLI command file, measured: 12 s
    # against 16 s).
    target_compile_options(${program} PRIVATE $<$<CONFIG:Release,RelWithDebInfo>:-O1>)
    # A test includes its own moc output, so AUTOMOC's mocs_compilation.cpp is empty: without
    # the shared precompiled header it compiles in no time instead of ~2 CPU s of loading it.
    set_source_files_properties(${CMAKE_CURRENT_BINARY_DIR}/${program}_autogen/mocs_compilation.cpp
        PROPERTIES SKIP_PRECOMPILE_HEADERS ON SKIP_UNITY_BUILD_INCLUSION ON)
    target_compile_definitions(${program} PRIVATE
        EMBEX_SHARED_DATA_DIR="${PROJECT_SOURCE_DIR}/../shared/data")
    if(EMBEX_SANITIZE) # a test may leave out a case that only repeats code at great cost there
        target_compile_definitions(${program} PRIVATE EMBEX_SANITIZED_BUILD)
    endif()
    foreach(source ${ARG_SOURCES})
        get_filename_component(name ${source} NAME_WE)
        add_test(NAME ${name} COMMAND ${program} ${name})
        # Qt Test's own watchdog stops a test function after 300 s; ctest's TIMEOUT is the one limit.
        set_tests_properties(${name} PROPERTIES
            ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QTEST_FUNCTION_TIMEOUT=600000" TIMEOUT 600)
    endforeach()
endfunction()

# Vector width. AVX2 + FMA (x86-64-v3) makes the neural models markedly faster: Eigen's matrix
# kernels and exp work on 8 floats at a time instead of 4 (scripts/bench --only neural shows it
# against a -DEMBEX_ARCH=portable build). "auto" builds
# for x86-64-v3 when the machine configuring the build runs it, and for the compiler's portable
# default otherwise; -DEMBEX_ARCH=portable makes a binary for any x86-64, and any other value is
# passed as -march (native, x86-64-v4, ...). It applies to every target, since Eigen's alignment
# depends on it and mixed objects would disagree.
set(EMBEX_ARCH "auto" CACHE STRING "auto | portable | a -march value (x86-64-v3, native, ...)")
set(_embex_march "")
if(EMBEX_ARCH STREQUAL "auto")
    include(CheckCXXSourceRuns)
    set(CMAKE_REQUIRED_FLAGS -march=x86-64-v3)
    check_cxx_source_runs([[
        int main()
        {
            __builtin_cpu_init();
            return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")
                    && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2")
                ? 0 : 1;
        }]] EMBEX_CPU_RUNS_X86_64_V3)
    unset(CMAKE_REQUIRED_FLAGS)
    if(EMBEX_CPU_RUNS_X86_64_V3)
        set(_embex_march x86-64-v3)
    endif()
elseif(NOT EMBEX_ARCH STREQUAL "portable")
    set(_embex_march ${EMBEX_ARCH})
endif()
if(_embex_march)
    add_compile_options(-march=${_embex_march})
    message(STATUS "Embex: EMBEX_ARCH=${EMBEX_ARCH}, building with -march=${_embex_march}")
else()
    message(STATUS "Embex: EMBEX_ARCH=${EMBEX_ARCH}, building for the compiler's default (portable) target")
endif()
