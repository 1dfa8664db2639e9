// SPDX-License-Identifier: MIT
#include "core/data/metadata_loader.h"

#include "core/data/field_splitter.h"
#include "core/data/text_sample.h"

#include <filesystem>
#include <fstream>
#include <utility>

namespace embex::core {
namespace {

    namespace fs = std::filesystem;

    // ml-100k's genres, used when u.genre is not beside u.item.
    const char* const ml100kGenres[] = { "unknown",   "Action",   "Adventure",   "Animation", "Children's",
                                         "Comedy",    "Crime",    "Documentary", "Drama",     "Fantasy",
                                         "Film-Noir", "Horror",   "Musical",     "Mystery",   "Romance",
                                         "Sci-Fi",    "Thriller", "War",         "Western" };

    class MetadataReader : TextTableReader {
    public:
        explicit MetadataReader(std::string path)
            : TextTableReader(std::move(path), m_outcome)
        {
            m_outcome.metadata.sourceFile = m_path;
        }

        MetadataOutcome read()
        {
            if (!readLines(Text::AsRead)) // u.item's Latin-1 titles are converted one by one
                return m_outcome;
            const std::string_view first = m_lines.front().second;
            FieldSplitter pipes("|");
            std::vector<std::string_view> fields;
            std::string error;
            if (pipes.split(first, fields, error) && fields.size() >= 24 && isFlag(fields.back()))
                readMl100k();
            else if (first.find("::") != std::string_view::npos)
                readDelimited("::", 0, 1, 2, false);
            else
                readWithHeader();
            if (m_outcome.ok() && m_outcome.metadata.items.empty())
                failAsEmpty("items");
            return m_outcome;
        }

    private:
        MetadataOutcome m_outcome;

        static bool isFlag(std::string_view s) { return s == "0" || s == "1"; }

        void addItem(std::string_view id, std::string_view title, const std::vector<std::string>& genres, long line)
        {
            if (id.empty())
                return skip(line, "empty item id");
            ItemInfo info;
            info.title = toUtf8(title);
            for (const std::string& g : genres)
                info.genres.push_back(m_outcome.metadata.genreIndex(g));
            if (!m_outcome.metadata.items.emplace(std::string(id), std::move(info)).second)
                skip(line, "item '" + std::string(id) + "' appears twice; the first is kept");
        }

        static std::vector<std::string> splitGenres(std::string_view text)
        {
            std::vector<std::string> genres;
            std::size_t pos = 0;
            while (pos <= text.size() && !text.empty()) {
                std::size_t end = text.find('|', pos);
                if (end == std::string_view::npos)
                    end = text.size();
                std::string genre = toUtf8(text.substr(pos, end - pos));
                if (!genre.empty() && genre != "(no genres listed)")
                    genres.push_back(std::move(genre));
                pos = end + 1;
            }
            return genres;
        }

        void readMl100k()
        {
            std::vector<std::string> names(std::begin(ml100kGenres), std::end(ml100kGenres));
            const fs::path genreFile = fs::path(m_path).parent_path() / "u.genre";
            if (std::ifstream in(genreFile); in) {
                std::vector<std::string> fromFile;
                std::string line;
                while (std::getline(in, line)) {
                    if (!line.empty() && line.back() == '\r')
                        line.pop_back();
                    if (auto bar = line.rfind('|'); bar != std::string::npos && bar > 0)
                        fromFile.push_back(toUtf8(line.substr(0, bar)));
                }
                if (fromFile.size() == names.size())
                    names = std::move(fromFile);
            }
            std::vector<std::string_view> fields;
            for (auto [number, line] : m_lines) {
                // Titles may hold a quote; u.item has no quoting, so split on | literally.
                fields.clear();
                std::size_t pos = 0;
                while (true) {
                    std::size_t end = line.find('|', pos);
                    fields.push_back(
                        line.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
                    if (end == std::string_view::npos)
                        break;
                    pos = end + 1;
                }
                if (fields.size() < 5 + names.size()) {
                    skip(number,
                         "expected " + std::to_string(5 + names.size()) + " fields, found "
                             + std::to_string(fields.size()));
                    continue;
                }
                std::vector<std::string> genres;
                const std::size_t flags = fields.size() - names.size();
                for (std::size_t g = 0; g < names.size(); ++g)
                    if (fields[flags + g] == "1")
                        genres.push_back(names[g]);
                addItem(fields[0], fields[1], genres, number);
            }
        }

        void readDelimited(const std::string& delimiter, int idColumn, int titleColumn, int genreColumn, bool skipFirst)
        {
            FieldSplitter splitter(delimiter);
            std::vector<std::string_view> fields;
            std::string error;
            bool first = true;
            for (auto [number, line] : m_lines) {
                if (std::exchange(first, false) && skipFirst)
                    continue;
                if (!splitter.split(line, fields, error)) {
                    skip(number, error);
                    continue;
                }
                if (static_cast<int>(fields.size()) <= std::max(idColumn, titleColumn)) {
                    skip(number,
                         "expected at least " + std::to_string(std::max(idColumn, titleColumn) + 1) + " fields, found "
                             + std::to_string(fields.size()));
                    continue;
                }
                std::vector<std::string> genres;
                if (genreColumn >= 0 && genreColumn < static_cast<int>(fields.size()))
                    genres = splitGenres(fields[static_cast<std::size_t>(genreColumn)]);
                addItem(fields[static_cast<std::size_t>(idColumn)], fields[static_cast<std::size_t>(titleColumn)],
                        genres, number);
            }
        }

        void readWithHeader()
        {
            const std::string_view header = m_lines.front().second;
            std::string delimiter = ",";
            for (const char* candidate : { "\t", ";", "," })
                if (header.find(candidate) != std::string_view::npos) {
                    delimiter = candidate;
                    break;
                }
            FieldSplitter splitter(delimiter);
            std::vector<std::string_view> fields;
            std::string error;
            if (!splitter.split(header, fields, error))
                return fail(m_lines.front().first, "header: " + error);
            int idColumn = -1, titleColumn = -1, genreColumn = -1;
            for (int c = 0; c < static_cast<int>(fields.size()); ++c) {
                const std::string name = normalizedName(fields[static_cast<std::size_t>(c)]);
                if (idColumn < 0
                    && (name == "id" || name == "itemid" || name == "movieid" || name == "bookid" || name == "item"
                        || name == "isbn" || name == "asin" || name == "productid" || name == "animeid"))
                    idColumn = c;
                else if (titleColumn < 0
                         && (name == "title" || name == "name" || name == "booktitle" || name == "originaltitle"))
                    titleColumn = c;
                else if (genreColumn < 0
                         && (name == "genres" || name == "genre" || name == "categories" || name == "category"
                             || name == "tags"))
                    genreColumn = c;
            }
            if (idColumn < 0 || titleColumn < 0)
                return fail(
                    m_lines.front().first,
                    "not an item metadata file: the header names no id column (itemId, movieId, …) and title column");
            readDelimited(delimiter, idColumn, titleColumn, genreColumn, true);
        }
    };

} // namespace

MetadataOutcome loadItemMetadata(const std::string& path)
{
    return MetadataReader(path).read();
}

std::optional<std::string> findMetadataBeside(const std::string& ratingsPath)
{
    return findFileBeside(
        ratingsPath,
        { fs::path(ratingsPath).stem().string() + ".items.csv", "movies.csv", "u.item", "movies.dat", "items.csv" });
}

} // namespace embex::core
