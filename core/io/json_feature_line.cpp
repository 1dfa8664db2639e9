// SPDX-License-Identifier: MIT
#include "core/io/json_feature_line.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>

namespace embex::core {

// Built for x86-64-v3 (which has no PCLMUL), simdjson's On Demand walk here is its "fallback"
// kernel while stage 1 runs the CPU's best at run time (icelake on Zen 4/5). For lines of numbers
// the walk costs the same with the haswell kernel and more with icelake's, so the build keeps it.
namespace ondemand = simdjson::ondemand;

struct JsonFeatureLineReader::Parser {
    ondemand::parser parser;
    std::string padded; // the line plus simdjson's padding, when the file has too little after it
};

namespace {

    // Where a problem is: the 1-based column of `at` in the parsed text, or nothing when unknown.
    std::string at(const char* location, const char* begin, std::size_t size)
    {
        if (location < begin || location > begin + size)
            return {};
        return "column " + std::to_string(location - begin + 1) + ": ";
    }

    std::string_view trimmed(std::string_view token)
    {
        while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\r'))
            token.remove_suffix(1);
        return token;
    }

} // namespace

JsonFeatureLineReader::JsonFeatureLineReader()
    : m_parser(std::make_unique<Parser>())
{
}

JsonFeatureLineReader::~JsonFeatureLineReader() = default;

std::string JsonFeatureLineReader::parse(std::string_view line, JsonFeatureLine& out, std::size_t readable)
{
    out.features.clear();
    const char* begin = line.data();
    if (readable < line.size() + simdjson::SIMDJSON_PADDING) {
        m_parser->padded.assign(line);
        m_parser->padded.append(simdjson::SIMDJSON_PADDING, ' ');
        begin = m_parser->padded.data();
    }
    const std::size_t size = line.size();
    auto where = [&](auto&& located) -> std::string {
        const char* location = nullptr;
        if (located.current_location().get(location) != simdjson::SUCCESS)
            return {};
        return at(location, begin, size);
    };

    ondemand::document doc;
    if (auto error = m_parser->parser.iterate(begin, size, size + simdjson::SIMDJSON_PADDING).get(doc))
        return std::string("not a JSON object: ") + simdjson::error_message(error);
    ondemand::object object;
    if (doc.get_object().get(object) != simdjson::SUCCESS)
        return where(doc) + "expected a JSON object {\"id\": …, \"features\": […]}";
    bool hasId = false;
    bool hasFeatures = false;
    for (auto field : object) {
        if (auto error = field.error())
            return where(doc) + simdjson::error_message(error);
        std::string_view key;
        if (auto error = field.unescaped_key().get(key))
            return where(doc) + "a key: " + simdjson::error_message(error);
        ondemand::value value = field.value().value_unsafe(); // the field had no error
        if (key == "id") {
            hasId = true;
            const std::string column = at(value.raw_json_token().data(), begin, size);
            ondemand::json_type type;
            if (value.type().get(type) != simdjson::SUCCESS)
                return column + "the id is not a JSON value";
            if (type == ondemand::json_type::string) {
                std::string_view id;
                if (auto error = value.get_string().get(id))
                    return column + "the id is not a valid JSON string (" + simdjson::error_message(error) + ")";
                out.id.assign(id);
            } else if (type == ondemand::json_type::number) {
                const std::string_view token = trimmed(value.raw_json_token());
                double ignored = 0;
                if (value.get_double().get(ignored) != simdjson::SUCCESS)
                    return column + "the id '" + std::string(token) + "' is not a number";
                out.id.assign(token);
            } else {
                return column + "the id is neither a string nor a number";
            }
        } else if (key == "features") {
            hasFeatures = true;
            out.features.clear();
            ondemand::array array;
            if (value.get_array().get(array) != simdjson::SUCCESS)
                return at(value.raw_json_token().data(), begin, size) + "expected an array of numbers in \"features\"";
            for (auto element : array) {
                double number = 0;
                if (element.get_double().get(number) != simdjson::SUCCESS) {
                    std::string_view token;
                    if (element.raw_json_token().get(token) != simdjson::SUCCESS)
                        return where(doc) + "\"features\" is cut short";
                    return at(token.data(), begin, size) + "expected a number in \"features\"";
                }
                const auto feature = static_cast<float>(number);
                if (!std::isfinite(feature)) {
                    std::string_view token = element.raw_json_token().value_unsafe(); // get_double succeeded
                    return at(token.data(), begin, size) + "'" + std::string(trimmed(token))
                        + "' is not a finite float";
                }
                out.features.push_back(feature);
            }
        }
    }
    // Past the object's '}' the document must be over: current_location() is then out of bounds.
    if (const char* rest = nullptr; doc.current_location().get(rest) == simdjson::SUCCESS)
        return at(rest, begin, size) + "unexpected text after the object";
    if (!hasId)
        return "no \"id\" key";
    if (!hasFeatures)
        return "no \"features\" key";
    return {};
}

std::string parseJsonFeatureLine(std::string_view line, JsonFeatureLine& out)
{
    JsonFeatureLineReader reader;
    return reader.parse(line, out);
}

std::optional<Issue> readJsonLines(const std::string& path, std::string_view text, VectorRows& rows)
{
    const char* fileEnd = text.data() + text.size();
    // The first row says how many numbers a row has, so that every run can write in place.
    forEachLine(text, 1, [&](std::string_view line, long) {
        if (isBlank(line))
            return true;
        JsonFeatureLine row;
        if (rows.dimension == 0 && parseJsonFeatureLine(line, row).empty())
            rows.dimension = static_cast<Index>(row.features.size());
        return false; // a bad first line is reported by its run
    });
    const auto d = static_cast<std::size_t>(rows.dimension);
    auto readRun = [&](std::string_view run, RowSlots& slots) {
        JsonFeatureLineReader reader;
        JsonFeatureLine row;
        forEachLine(run, slots.firstLine, [&](std::string_view line, long number) {
            if (isBlank(line))
                return true;
            const auto readable = static_cast<std::size_t>(fileEnd - line.data());
            if (std::string message = reader.parse(line, row, readable); !message.empty())
                slots.problem = Issue { path, number, message };
            else if (row.features.empty())
                slots.problem = Issue { path, number, "\"features\" is empty" };
            else if (row.features.size() != d)
                slots.problem = Issue { path, number,
                                        std::to_string(row.features.size()) + " features where earlier rows have "
                                            + std::to_string(d) };
            if (slots.problem)
                return false;
            std::copy(row.features.begin(), row.features.end(), slots.values + slots.filled * d);
            slots.ids[slots.filled] = std::move(row.id);
            slots.lines[slots.filled] = number;
            ++slots.filled;
            return true;
        });
    };
    if (d == 0) { // blank lines only, or a first row that fails: its run names the problem
        VectorRows none;
        none.dimension = 1;
        return readLineRuns(text, 0, 1, true, readRun, none);
    }
    if (auto problem = readLineRuns(text, 0, 1, true, readRun, rows))
        return problem;
    rows.idFile = path;
    return std::nullopt;
}

} // namespace embex::core
