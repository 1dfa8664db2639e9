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

# One test executable per tst_*.cpp: links Qt Test, registers with CTest, runs offscreen.
function(embex_add_test name)
    cmake_parse_arguments(ARG "" "" "LIBS;SOURCES" ${ARGN})
    if(NOT ARG_SOURCES)
        set(ARG_SOURCES ${name}.cpp)
    endif()
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE embex_options Qt6::Test ${ARG_LIBS})
    set_target_properties(${name} PROPERTIES AUTOMOC ON)
    target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
    # A test's own code needs no -O3 (the code under test is in the libraries, built as shipped):
    # -O1 takes about three quarters of -O3's compile CPU (a CLI command file, measured: 12 s
    # against 16 s), and the tests are half the build.
    target_compile_options(${name} PRIVATE $<$<CONFIG:Release,RelWithDebInfo>:-O1>)
    # A test includes its own moc output, so AUTOMOC's mocs_compilation.cpp is empty: without
    # the shared precompiled header it compiles in no time instead of ~2 CPU s of loading it.
    set_source_files_properties(${CMAKE_CURRENT_BINARY_DIR}/${name}_autogen/mocs_compilation.cpp
        PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
    target_compile_definitions(${name} PRIVATE
        EMBEX_SHARED_DATA_DIR="${PROJECT_SOURCE_DIR}/../shared/data")
    if(EMBEX_SANITIZE) # a test may leave out a case that only repeats code at great cost there
        target_compile_definitions(${name} PRIVATE EMBEX_SANITIZED_BUILD)
    endif()
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen" TIMEOUT 600)
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
