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
    target_compile_definitions(${name} PRIVATE
        EMBEX_SHARED_DATA_DIR="${PROJECT_SOURCE_DIR}/../shared/data"
        EMBEX_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data")
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen" TIMEOUT 600)
endfunction()
