// SPDX-License-Identifier: MIT
// main() of a test program: runs the one test named by the first argument (see test_program.h).
#include "tests/support/test_program.h"

#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace embex::test {
namespace {

    std::map<std::string, TestMain>& registeredTests()
    {
        static std::map<std::string, TestMain> tests; // filled by static initialisers: built on first use
        return tests;
    }

    std::string testName(const char* sourceFile)
    {
        std::string name = sourceFile;
        if (const auto slash = name.find_last_of('/'); slash != std::string::npos)
            name.erase(0, slash + 1);
        if (const auto dot = name.find('.'); dot != std::string::npos)
            name.erase(dot);
        return name;
    }

} // namespace

bool registerTestMain(const char* sourceFile, TestMain testMain)
{
    const bool added = registeredTests().emplace(testName(sourceFile), testMain).second;
    if (!added) {
        std::cerr << "two tests are named " << testName(sourceFile) << '\n';
        std::abort();
    }
    return added;
}

} // namespace embex::test

int main(int argc, char* argv[])
{
    const auto& tests = embex::test::registeredTests();
    const auto found = argc >= 2 ? tests.find(argv[1]) : tests.end();
    if (found == tests.end()) {
        std::cerr << "usage: " << argv[0] << " TEST [Qt Test options]\n"
                  << (argc >= 2 ? std::string("no test is named ") + argv[1] + "; the" : std::string("The"))
                  << " tests are:\n";
        for (const auto& [name, testMain] : tests)
            std::cerr << "  " << name << '\n';
        return 2;
    }
    // Qt Test sees the arguments after the test's name, as the test's own program did, and a
    // program path ending in the test's name: Qt takes the application name from it, and with it
    // the QSettings file, so tests running side by side do not share one settings file.
    std::string program = argv[0];
    program.erase(program.find_last_of('/') + 1); // npos + 1 == 0: no folder, all erased
    program += found->first;
    std::vector<char*> arguments { program.data() };
    arguments.insert(arguments.end(), argv + 2, argv + argc);
    arguments.push_back(nullptr);
    return found->second(argc - 1, arguments.data());
}
