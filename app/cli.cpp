// SPDX-License-Identifier: MIT
#include "cli/cli.h"

#include <iostream>

int main(int argc, char* argv[])
{
    return embex::cli::run(argc, argv, std::cout, std::cerr);
}
