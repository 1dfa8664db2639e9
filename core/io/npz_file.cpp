// SPDX-License-Identifier: MIT
// libzip rather than a central-directory reader over zlib: numpy.savez writes every member with
// zip64 extra fields (force_zip64) and Python's zipfile may use data descriptors; libzip (Debian's
// libzip-dev) reads all of these and checks each member's CRC, which a small reader would redo.
#include "core/io/npz_file.h"

#include "core/io/import_progress.h"
#include "core/io/npy_format.h"

#include <zip.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>

namespace embex::core {
namespace {

    struct ZipCloser {
        void operator()(zip_t* archive) const { zip_discard(archive); }
    };

    // The header of a .npy member: its dtype string and shape.
    struct NpyHeader {
        std::string descr;
        std::vector<long long> shape;
        std::size_t dataOffset = 0;
    };

    std::string quotedValue(std::string_view header, std::string_view key)
    {
        std::string quoted(1, '\'');
        quoted.append(key).push_back('\'');
        std::size_t pos = header.find(quoted);
        if (pos == std::string_view::npos)
            return {};
        pos = header.find_first_of("'(", header.find(':', pos));
        if (pos == std::string_view::npos)
            return {};
        const std::size_t close = header.find(header[pos] == '(' ? ')' : '\'', pos + 1);
        if (close == std::string_view::npos)
            return {};
        return std::string(header.substr(pos + 1, close - pos - 1));
    }

    std::optional<NpyHeader> npyHeader(std::string_view bytes)
    {
        if (bytes.size() < 10 || !bytes.starts_with("\x93NUMPY"))
            return std::nullopt;
        const auto byte = [&](std::size_t i) { return static_cast<std::size_t>(static_cast<unsigned char>(bytes[i])); };
        std::size_t length = 0, start = 0;
        if (byte(6) == 1) {
            length = byte(8) | byte(9) << 8;
            start = 10;
        } else if (bytes.size() >= 12) {
            length = byte(8) | byte(9) << 8 | byte(10) << 16 | byte(11) << 24;
            start = 12;
        }
        if (start == 0 || bytes.size() < start + length)
            return std::nullopt;
        const std::string_view header = bytes.substr(start, length);
        NpyHeader parsed;
        parsed.descr = quotedValue(header, "descr");
        parsed.dataOffset = start + length;
        const std::string shape = quotedValue(header, "shape");
        for (std::size_t pos = 0; (pos = shape.find_first_of("0123456789", pos)) != std::string::npos;) {
            const std::size_t end = std::min(shape.find_first_not_of("0123456789", pos), shape.size());
            parsed.shape.push_back(end - pos > 10 ? -1 : std::stoll(shape.substr(pos, end - pos)));
            pos = end;
        }
        return parsed;
    }

    bool isFloatMatrix(const NpyHeader& header)
    {
        return header.shape.size() == 2 && (header.descr == "<f4" || header.descr == "<f8");
    }

    std::string arrayName(const std::string& member)
    {
        return member.ends_with(".npy") ? member.substr(0, member.size() - 4) : member;
    }

    std::string shapeText(const NpyHeader& header)
    {
        std::string text;
        for (long long dim : header.shape)
            text += (text.empty() ? "" : " × ") + withThousands(static_cast<std::size_t>(std::max(dim, 0LL)));
        return text;
    }

    void appendUtf8(std::string& out, char32_t c)
    {
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0x800) {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out += static_cast<char>(0xE0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (c >> 18));
            out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }

    // A 1-D member of strings (<U: UTF-32, |S: bytes, both padded with zeros) or integers, as ids.
    std::optional<Issue> readIdArray(const std::string& where, std::string_view bytes, const NpyHeader& header,
                                     std::vector<std::string>& ids)
    {
        if (header.shape.size() != 1 || header.shape[0] < 0)
            return Issue { where, 0, "the ids array has shape (" + shapeText(header) + "), not one dimension" };
        const auto n = static_cast<std::size_t>(header.shape[0]);
        const std::string& descr = header.descr;
        const std::string_view data = bytes.substr(header.dataOffset);
        const auto width = [&] { return static_cast<std::size_t>(std::atol(descr.c_str() + 2)); };
        std::size_t itemSize = 0;
        if (descr.starts_with("<U"))
            itemSize = 4 * width();
        else if (descr.starts_with("|S"))
            itemSize = width();
        else if (descr == "<i8" || descr == "<u8")
            itemSize = 8;
        else if (descr == "<i4" || descr == "<u4")
            itemSize = 4;
        else if (descr == "|O")
            return Issue { where, 0,
                           "the ids are Python objects (dtype object), stored pickled, which Embex never "
                           "runs: save them with dtype=str" };
        else
            return Issue { where, 0, "ids of dtype '" + descr + "' are neither strings nor integers" };
        if (itemSize == 0 || data.size() < n * itemSize)
            return Issue { where, 0, "the ids stop before their " + withThousands(n) + " entries" };
        ids.clear();
        for (std::size_t i = 0; i < n; ++i) {
            const char* item = data.data() + i * itemSize;
            std::string id;
            if (descr[1] == 'U') {
                for (std::size_t c = 0; c < itemSize / 4; ++c) {
                    char32_t code;
                    std::memcpy(&code, item + 4 * c, 4);
                    if (code == 0)
                        break;
                    appendUtf8(id, code);
                }
            } else if (descr[1] == 'S') {
                id.assign(item, strnlen(item, itemSize));
            } else if (itemSize == 8) {
                std::int64_t v;
                std::memcpy(&v, item, 8);
                id = descr[1] == 'u' ? std::to_string(static_cast<std::uint64_t>(v)) : std::to_string(v);
            } else {
                std::int32_t v;
                std::memcpy(&v, item, 4);
                id = descr[1] == 'u' ? std::to_string(static_cast<std::uint32_t>(v)) : std::to_string(v);
            }
            ids.push_back(std::move(id));
        }
        return std::nullopt;
    }

} // namespace

std::variant<std::vector<ZipMember>, Issue> readZipArchive(const std::string& path, std::string_view bytes,
                                                           ImportProgress* progress)
{
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    std::unique_ptr<zip_t, ZipCloser> archive(source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr);
    if (!archive) {
        if (source)
            zip_source_free(source);
        Issue issue { path, 0, std::string("not a readable zip archive: ") + zip_error_strerror(&error) };
        zip_error_fini(&error);
        return issue;
    }
    zip_error_fini(&error);
    std::vector<ZipMember> members;
    const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
    if (progress) {
        std::size_t total = 0;
        for (zip_int64_t i = 0; i < count; ++i) {
            zip_stat_t stat;
            zip_stat_init(&stat);
            if (zip_stat_index(archive.get(), static_cast<zip_uint64_t>(i), 0, &stat) == 0)
                total += stat.size;
        }
        progress->begin("reading " + std::filesystem::path(path).filename().string(), total);
    }
    for (zip_int64_t i = 0; i < count; ++i) {
        zip_stat_t stat;
        zip_stat_init(&stat);
        if (zip_stat_index(archive.get(), static_cast<zip_uint64_t>(i), 0, &stat) != 0)
            return Issue { path, 0,
                           std::string("member ") + std::to_string(i + 1) + ": " + zip_strerror(archive.get()) };
        ZipMember member;
        member.name = stat.name ? stat.name : "";
        member.isCompressed = stat.comp_method != ZIP_CM_STORE;
        if (member.name.ends_with('/'))
            continue; // a folder entry
        zip_file_t* file = zip_fopen_index(archive.get(), static_cast<zip_uint64_t>(i), 0);
        if (!file)
            return Issue { path, 0, "member '" + member.name + "': " + zip_strerror(archive.get()) };
        member.bytes.resize(stat.size);
        // a few megabytes at a time: progress sees a large member inflate
        constexpr zip_uint64_t pieceBytes = zip_uint64_t { 4 } << 20;
        zip_uint64_t done = 0;
        zip_int64_t read = 0;
        while (done < stat.size) {
            read = zip_fread(file, member.bytes.data() + done, std::min(pieceBytes, stat.size - done));
            if (read <= 0)
                break;
            done += static_cast<zip_uint64_t>(read);
            if (progress)
                progress->advance(static_cast<std::size_t>(read));
        }
        const std::string problem = read < 0 ? zip_file_strerror(file) : "";
        zip_fclose(file);
        if (read < 0 || done != stat.size)
            return Issue { path, 0,
                           "member '" + member.name + "' is damaged" + (problem.empty() ? "" : ": " + problem) };
        members.push_back(std::move(member));
    }
    if (progress)
        progress->finish();
    return members;
}

std::optional<Issue> readNpz(const std::string& path, const std::vector<ZipMember>& members, const NpzChoice& choice,
                             VectorRows& rows, std::string& format, std::vector<TableChoice>* offered)
{
    struct Array {
        const ZipMember* member;
        NpyHeader header;
    };
    std::vector<Array> arrays;
    for (const ZipMember& member : members)
        if (auto header = npyHeader(member.bytes))
            arrays.push_back({ &member, std::move(*header) });
    if (arrays.empty())
        return Issue { path, 0,
                       "a zip archive without .npy members: not an .npz (nor a .keras model: no config.json)" };
    std::string listed;
    std::vector<const Array*> matrices;
    for (const Array& array : arrays)
        if (isFloatMatrix(array.header)) {
            matrices.push_back(&array);
            if (offered)
                offered->push_back({ arrayName(array.member->name), array.header.shape });
            listed += (listed.empty() ? "" : ", ") + ("'" + arrayName(array.member->name) + "' (")
                + shapeText(array.header) + ")";
        }
    const Array* chosen = nullptr;
    if (!choice.array.empty()) {
        for (const Array& array : arrays)
            if (arrayName(array.member->name) == arrayName(choice.array))
                chosen = &array;
        if (!chosen)
            return Issue { path, 0,
                           "no array '" + arrayName(choice.array)
                               + "' in the archive; its 2-D float arrays: " + (listed.empty() ? "none" : listed) };
    } else if (matrices.size() == 1) {
        chosen = matrices.front();
    } else if (matrices.empty()) {
        return Issue { path, 0, "no 2-D float32/float64 array in the archive" };
    } else {
        return Issue { path, 0,
                       "the archive holds " + std::to_string(matrices.size()) + " 2-D float arrays: " + listed
                           + "; choose one with --array" };
    }
    const std::string name = arrayName(chosen->member->name);
    auto matrix = parseNpy(chosen->member->bytes, path + ":" + chosen->member->name);
    if (auto* issue = std::get_if<Issue>(&matrix))
        return *issue;
    const RowMatrixXf& m = std::get<RowMatrixXf>(matrix);
    rows.dimension = m.cols();
    rows.values.assign(m.data(), m.data() + m.size());
    format = chosen->member->isCompressed ? "npz, compressed" : "npz";
    rows.notes.push_back("array '" + name + "' (" + shapeText(chosen->header) + ")");
    if (!choice.idsMember)
        return std::nullopt;
    const bool isUsers = loweredName(name).find("user") != std::string::npos;
    for (const Array& array : arrays) {
        const std::string lowered = loweredName(arrayName(array.member->name));
        const bool named = lowered == loweredName(name + "_ids")
            || (isUsers ? lowered == "userids" : lowered == "ids" || lowered == "itemids");
        if (array.header.shape.size() != 1 || !named)
            continue;
        if (auto problem = readIdArray(path + ":" + array.member->name, array.member->bytes, array.header, rows.ids))
            return problem;
        rows.idFile = path + ":" + array.member->name;
        rows.notes.push_back("ids from the array '" + arrayName(array.member->name) + "'");
        rows.lines.assign(rows.ids.size(), 0);
        break;
    }
    return std::nullopt;
}

} // namespace embex::core
