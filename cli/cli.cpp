// SPDX-License-Identifier: MIT
#include "cli/cli.h"

#include "cli/commands.h"

#include <ostream>

namespace embex::cli {
namespace {

    struct Command {
        const char* name;
        const char* summary;
        int (*run)(const CommandArgs&, std::ostream&, std::ostream&);
    };

    const Command commands[] = {
        { "inspect", "What a ratings file holds: delimiter, columns, counts, skipped rows, titles.", inspectCommand },
        { "demo", "Writes the built-in demo ratings (users of hidden types) and its item titles.", demoCommand },
        { "train", "Trains a model on a ratings file, reports test metrics and saves a session.", trainCommand },
        { "compare",
          "Trains several models (and seeds) on one split of a ratings file: their test metrics side by side.",
          compareCommand },
        { "tune",
          "Tries a grid of settings on a validation split carved from the training ratings; tests the best once.",
          tuneCommand },
        { "neighbors", "The items nearest to one item in a session's embedding space.", neighborsCommand },
        { "recommend", "The top items for one user of a session, leaving out what they rated.", recommendCommand },
        { "explain", "How a session's model scores one user and item: the terms that add up to it.", explainCommand },
        { "export", "Writes a session's item embeddings as a projector folder, CSV or .npy.", exportCommand },
        { "import",
          "Makes a session from item embeddings trained elsewhere (Projector TSV, word2vec, GloVe, .npy, .npz, Keras, "
          "CSV, JSON Lines).",
          importCommand },
        { "pca", "The principal components of a session's item embeddings.", pcaCommand },
        { "axes", "What the axes mean: items at each principal component's ends, extreme biases, length vs popularity.",
          axesCommand },
        { "map", "A 2-D map of a session's items or users (PCA or a neighbour-keeping layout) and how faithful it is.",
          mapCommand },
        { "clusters", "Groups of similar items in a session's full embedding space, named from what they share.",
          clustersCommand },
        { "agreement", "How alike two runs of a session place items: the mean overlap of their nearest neighbours.",
          agreementCommand },
    };

    void printUsage(std::ostream& stream)
    {
        stream << "usage: embex-cli COMMAND [options]\n       embex-cli --help | --version\n\ncommands:\n";
        for (const Command& c : commands) {
            std::string name = c.name;
            name.resize(11, ' ');
            stream << "  " << name << c.summary << '\n';
        }
        stream << "\n'embex-cli COMMAND --help' lists the command's options.\n";
    }

} // namespace

std::string commandSummary(const std::string& name)
{
    for (const Command& c : commands)
        if (name == c.name)
            return c.summary;
    return {};
}

int run(const std::vector<std::string>& words, std::ostream& out, std::ostream& err)
{
    if (words.empty()) {
        printUsage(err);
        return 2;
    }
    if (words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
        printUsage(out);
        return 0;
    }
    if (words[0] == "--version" || words[0] == "-V") {
        out << "embex-cli " << EMBEX_VERSION << '\n';
        return 0;
    }
    for (const Command& c : commands)
        if (words[0] == c.name)
            return c.run(CommandArgs(words.begin() + 1, words.end()), out, err);
    err << "embex-cli: unknown command '" << words[0] << "'\n\n";
    printUsage(err);
    return 2;
}

int run(int argc, char* argv[], std::ostream& out, std::ostream& err)
{
    return run(std::vector<std::string>(argv + 1, argv + argc), out, err);
}

} // namespace embex::cli
