// SPDX-License-Identifier: MIT
#include "cli/cli.h"

#include "cli/commands.h"

#include <functional>
#include <ostream>

namespace embex::cli {
namespace {

    struct Command {
        const char* name;
        const char* synopsis;
        int (*run)(const CommandArgs&, std::ostream&, std::ostream&);
    };

    const Command commands[] = {
        { "inspect", "inspect FILE [--strict] [--threads N] [--json]", inspectCommand },
        { "demo", "demo [--users N] [--items M] [--types T] [--per-user K | --ratings N] [--popularity uniform|zipf] "
                  "[--implicit] [--seed S] --out FILE",
            demoCommand },
        { "train",
            "train FILE [--test FILE | --holdout F | --per-user K [--per-user-pick latest|random]] [--model dotbias|mlp|softmax|autoencoder|als] "
            "[--dim D] [--epochs N] [--lr X] [--reg X] [--batch B] [--optimizer sgd|adam|adagrad] [--threads T] "
            "[--seed S] [--hidden 64,32] [--negatives S (softmax; 0 = exact)] [--implicit] [--save OUT.embex] "
            "[--quiet] [--json]",
            trainCommand },
        { "neighbors", "neighbors MODEL --item ID|TITLE [-k 10] [--metric cosine|dot|euclidean] [--min-ratings N (default 10)] [--json]",
            neighborsCommand },
        { "recommend", "recommend MODEL --user ID [-n 10] [--json]", recommendCommand },
        { "export", "export MODEL --format tsv|csv|npy OUT [--json]", exportCommand },
        { "import", "import FILE [--ids FILE] [--metadata FILE] --save OUT.embex [--json]", importCommand },
        { "pca", "pca MODEL [--components 2|3] [--min-ratings N] [--out coords.csv] [--json]", pcaCommand },
    };

    void printUsage(std::ostream& stream)
    {
        stream << "usage: embex-cli COMMAND [options]\n\ncommands:\n";
        for (const Command& c : commands)
            stream << "  " << c.synopsis << '\n';
    }

} // namespace

int run(const std::vector<std::string>& words, std::ostream& out, std::ostream& err)
{
    if (words.empty() || words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
        printUsage(words.empty() ? err : out);
        return words.empty() ? 2 : 0;
    }
    for (const Command& c : commands)
        if (words[0] == c.name)
            return c.run(CommandArgs(words.begin() + 1, words.end()), out, err);
    err << "embex-cli: unknown command '" << words[0] << "'\n";
    printUsage(err);
    return 2;
}

int run(int argc, char* argv[], std::ostream& out, std::ostream& err)
{
    return run(std::vector<std::string>(argv + 1, argv + argc), out, err);
}

} // namespace embex::cli
