// SPDX-License-Identifier: MIT
#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/session_argument.h"
#include "core/analysis/explain.h"
#include "core/analysis/recommend.h"

#include <ostream>
#include <stdexcept>

namespace embex::cli {
namespace {

    // Every rated item, so the shares add up to the score in the file as well.
    void writeBecause(core::JsonWriter& json, const core::BecauseYouRated& b, const core::Dataset& data)
    {
        json.key("because_you_rated").beginObject().field("meaning", b.meaning);
        json.field("exact_for_this_input_only", b.isExactForThisInputOnly);
        json.key("items").beginArray();
        for (const core::RatedItemShare& s : b.items) {
            const std::string id = data.items.rawId(s.item);
            json.beginObject()
                .field("id", id)
                .field("row", static_cast<long long>(s.item))
                .field("title", data.metadata.title(id))
                .field("share", s.value);
            if (s.rating)
                json.field("rating", static_cast<double>(*s.rating));
            if (s.confidence)
                json.field("confidence", *s.confidence);
            json.endObject();
        }
        json.endArray();
        json.key("others").beginArray();
        for (const core::ExplanationTerm& t : b.others)
            json.beginObject().field("symbol", t.symbol).field("label", t.label).field("value", t.value).endObject();
        json.endArray();
        json.field("sum", b.total()).endObject();
    }

    void writeJson(std::ostream& out, const core::Explanation& e, const std::string& user, const std::string& item,
                   const std::string& title, const core::Dataset& data)
    {
        core::JsonWriter json;
        json.beginObject()
            .field("user", user)
            .field("user_row", static_cast<long long>(e.userRow))
            .field("item", item)
            .field("item_row", static_cast<long long>(e.itemRow))
            .field("title", title)
            .field("model", e.modelKind)
            .field("dimension", static_cast<long long>(e.dimension))
            .field("formula", e.formula);
        json.key("vectors").beginArray();
        for (const core::ExplanationVector& v : e.vectors) {
            json.beginObject().field("label", v.label).key("values").beginArray();
            for (float x : v.values)
                json.value(static_cast<double>(x));
            json.endArray();
            if (!v.names.empty()) { // attribute features: one name per value
                json.key("names").beginArray();
                for (const std::string& name : v.names)
                    json.value(name);
                json.endArray();
            }
            json.endObject();
        }
        json.endArray();
        json.key("terms").beginArray();
        for (const core::ExplanationTerm& t : e.terms)
            json.beginObject().field("symbol", t.symbol).field("label", t.label).field("value", t.value).endObject();
        json.endArray();
        json.field("sum", e.raw);
        if (e.squash) {
            json.key("squash")
                .beginObject()
                .field("low", e.squash->low)
                .field("high", e.squash->high)
                .field("result", e.composed())
                .endObject();
        }
        json.field("prediction", static_cast<double>(e.prediction)).field("rank", e.rank).field("items", e.itemCount);
        if (e.hasProbability)
            json.field("probability", e.probability);
        if (e.because)
            writeBecause(json, *e.because, data);
        json.endObject();
        out << json.text() << '\n';
    }

} // namespace

int explainCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    std::string model;
    std::string user;
    std::string item;
    bool asJson = false;
    CommandLine line("explain");
    CLI::App& app = line.app();
    app.add_option("MODEL", model, "the session (.embex)")->required();
    app.add_option("--user", user, "the user's raw id")->required();
    app.add_option("--item", item, "the item's raw id")->required();
    app.add_flag("--json", asJson, "print one JSON object");
    if (auto exit = line.parse(words, out, err))
        return *exit;
    const auto session = openSession("explain", model, err);
    if (!session)
        return 1;
    const core::Dataset& data = *session->dataset;
    const auto userIndex = data.users.indexOf(user);
    if (!userIndex) {
        err << "embex-cli explain: no user has the id '" << user << "'\n";
        return 1;
    }
    const auto itemIndex = data.items.indexOf(item);
    if (!itemIndex) {
        err << "embex-cli explain: no item has the id '" << item << "'\n";
        return 1;
    }
    core::Explanation explanation;
    try {
        const core::UserRatings rated = core::ratingsOfUser(data.ratings, *userIndex);
        explanation = core::explainPrediction(session->snapshot, *userIndex, *itemIndex, rated.items, rated.ratings);
    } catch (const std::invalid_argument& e) {
        err << "embex-cli explain: " << e.what() << '\n'; // e.g. imported item-only embeddings
        return 1;
    }
    const std::string title = data.metadata.title(item);
    if (asJson)
        writeJson(out, explanation, user, item, title, data);
    else
        out << core::explanationText(explanation, user, item, title) << (explanation.because ? "\n" : "")
            << core::becauseText(explanation, [&](std::uint32_t j) {
                   const std::string id = data.items.rawId(j);
                   const std::string t = data.metadata.title(id);
                   return "item " + id + (t.empty() ? std::string() : " “" + t + "”");
               });
    return 0;
}

} // namespace embex::cli
