// SPDX-License-Identifier: MIT
#include "core/io/npy_format.h"

#include "core/io/whole_file.h"

#include <bit>
#include <cstring>
#include <string_view>
#include <vector>

namespace embex::core {

static_assert(std::endian::native == std::endian::little, ".npy data is read and written as little-endian memory");

namespace {

    constexpr std::string_view npyMagic { "\x93NUMPY", 6 };

    // The value of 'key' in a header dict: a (tuple), a 'string' (unquoted) or a bare word.
    std::string dictValue(std::string_view header, std::string_view key)
    {
        for (char quote : { '\'', '"' }) {
            const std::string quotedKey = quote + std::string(key) + quote;
            std::size_t pos = header.find(quotedKey);
            if (pos == std::string_view::npos)
                continue;
            pos = header.find(':', pos + quotedKey.size());
            if (pos == std::string_view::npos)
                return {};
            pos = header.find_first_not_of(' ', pos + 1);
            if (pos == std::string_view::npos)
                return {};
            const char open = header[pos];
            if (open == '(' || open == '\'' || open == '"') {
                const std::size_t close = header.find(open == '(' ? ')' : open, pos + 1);
                if (close == std::string_view::npos)
                    return {};
                return std::string(open == '(' ? header.substr(pos, close + 1 - pos)
                                               : header.substr(pos + 1, close - pos - 1));
            }
            const std::size_t end = header.find_first_of(",} ", pos);
            return std::string(header.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
        }
        return {};
    }

    // The integers in a shape tuple: "(1682, 64)" → {1682, 64}; "(10,)" → {10}.
    std::vector<long long> shapeOf(const std::string& shape)
    {
        std::vector<long long> dims;
        for (std::size_t pos = 0; (pos = shape.find_first_of("0123456789", pos)) != std::string::npos;) {
            const std::size_t end = std::min(shape.find_first_not_of("0123456789", pos), shape.size());
            // Longer than 10 digits cannot be a real dimension; keeps stoll from throwing.
            dims.push_back(end - pos > 10 ? -1 : std::stoll(shape.substr(pos, end - pos)));
            pos = end;
        }
        return dims;
    }

    template <typename T>
    void copyData(const char* data, Index rows, Index cols, bool fortranOrder, RowMatrixXf& out)
    {
        out.resize(rows, cols);
        for (Index i = 0; i < rows; ++i)
            for (Index j = 0; j < cols; ++j) {
                T v;
                std::memcpy(&v, data + sizeof(T) * static_cast<std::size_t>(fortranOrder ? j * rows + i : i * cols + j),
                            sizeof(T));
                out(i, j) = static_cast<float>(v);
            }
    }

} // namespace

std::string npyHeader(Index rows, Index cols)
{
    std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(rows) + ", "
        + std::to_string(cols) + "), }";
    const std::size_t prefix = npyMagic.size() + 2 + 2;
    const std::size_t total = (prefix + dict.size() + 1 + 63) / 64 * 64;
    dict.append(total - prefix - dict.size() - 1, ' ');
    dict += '\n';
    std::string header(npyMagic);
    header += '\x01';
    header += '\x00';
    const auto length = static_cast<std::uint16_t>(dict.size());
    header += static_cast<char>(length & 0xFF);
    header += static_cast<char>(length >> 8);
    return header + dict;
}

std::variant<RowMatrixXf, Issue> parseNpy(std::string_view bytes, const std::string& fileName)
{
    auto fail = [&](std::string message) { return Issue { fileName, 0, std::move(message) }; };
    if (bytes.substr(0, npyMagic.size()) != npyMagic)
        return fail("not a NumPy .npy file");
    if (bytes.size() < 10)
        return fail("the .npy header is cut short");
    const auto major = static_cast<unsigned char>(bytes[6]);
    std::size_t headerLength = 0;
    std::size_t dataStart = 0;
    if (major == 1) {
        headerLength = static_cast<unsigned char>(bytes[8])
            | (static_cast<std::size_t>(static_cast<unsigned char>(bytes[9])) << 8);
        dataStart = 10 + headerLength;
    } else if (major == 2 || major == 3) {
        if (bytes.size() < 12)
            return fail("the .npy header is cut short");
        std::uint32_t length;
        std::memcpy(&length, bytes.data() + 8, 4);
        headerLength = length;
        dataStart = 12 + headerLength;
    } else {
        return fail(".npy version " + std::to_string(major) + " is not supported (1 to 3 are)");
    }
    if (dataStart > bytes.size())
        return fail("the .npy header is cut short");
    const std::string header(bytes.substr(dataStart - headerLength, headerLength));
    const std::string descr = dictValue(header, "descr");
    const std::string fortran = dictValue(header, "fortran_order");
    const std::string shape = dictValue(header, "shape");
    if (descr != "<f4" && descr != "<f8")
        return fail("dtype '" + descr + "' is not a little-endian float array (<f4 or <f8)");
    const std::vector<long long> dims = shapeOf(shape);
    if (dims.size() != 2)
        return fail("shape " + shape + " is not 2-D (items × dimensions)");
    if (dims[0] < 0 || dims[1] < 0 || dims[0] > 0x7FFFFFFF || dims[1] > 0x7FFFFFFF)
        return fail("shape " + shape + " is too large");
    const auto rows = static_cast<Index>(dims[0]);
    const auto cols = static_cast<Index>(dims[1]);
    const std::size_t width = descr == "<f4" ? 4 : 8;
    const std::size_t values = static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols);
    const std::size_t available = (bytes.size() - dataStart) / width;
    if (available < values)
        return fail("the data stops after " + std::to_string(available) + " of " + std::to_string(values) + " values");
    RowMatrixXf matrix;
    if (width == 4)
        copyData<float>(bytes.data() + dataStart, rows, cols, fortran == "True", matrix);
    else
        copyData<double>(bytes.data() + dataStart, rows, cols, fortran == "True", matrix);
    return matrix;
}

std::variant<RowMatrixXf, Issue> readNpy(const std::string& path)
{
    auto read = readWholeFile(path);
    if (auto* issue = std::get_if<Issue>(&read))
        return std::move(*issue);
    return parseNpy(std::get<std::string>(read), path);
}

} // namespace embex::core
