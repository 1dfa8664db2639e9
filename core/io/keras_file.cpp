// SPDX-License-Identifier: MIT
// Everything that touches HDF5 (Debian's libhdf5-dev, the serial build) stays in this file.
#include "core/io/keras_file.h"

#include "core/io/import_progress.h"

#include <hdf5.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>

namespace embex::core {
namespace {

    // Debian's HDF5 is the serial build, not thread-safe: one model is read at a time.
    std::mutex hdf5Mutex;

    class Hid {
    public:
        Hid(hid_t id, herr_t (*close)(hid_t))
            : m_id(id)
            , m_close(close)
        {
        }
        Hid(const Hid&) = delete;
        Hid& operator=(const Hid&) = delete;
        ~Hid()
        {
            if (m_id >= 0)
                m_close(m_id);
        }
        operator hid_t() const { return m_id; }
        bool isValid() const { return m_id >= 0; }

    private:
        hid_t m_id;
        herr_t (*m_close)(hid_t);
    };

    struct Dataset {
        std::string path;
        std::vector<hsize_t> dims;
        H5T_class_t typeClass = H5T_NO_CLASS;
        std::size_t typeSize = 0;
    };

    struct Lookup {
        std::string className;
        std::vector<std::string> vocabulary;
        bool hasVocabulary = false;
        long oovRows = 1;
        bool isMasked = false;
        bool isInverted = false;
    };

    // What the model's config says: its Embedding layers in order, the lookups, and what feeds what.
    struct ModelConfig {
        std::vector<std::string> embeddings;
        std::map<std::string, Lookup> lookups;
        std::map<std::string, std::set<std::string>> inputs; // layer → names in its inbound_nodes
        std::map<std::string, std::string> previous;         // layer → the one before it in a "layers" list
        std::map<std::string, std::string> weightPaths;      // layer → its group in a Keras 3 weights file
    };

    struct Table {
        std::string layer;
        const Dataset* dataset = nullptr;
    };

    std::string fileName(const std::string& path)
    {
        return std::filesystem::path(path).filename().string();
    }

    std::string typeText(const Dataset& d)
    {
        const std::string bits = std::to_string(d.typeSize * 8) + "-bit ";
        switch (d.typeClass) {
        case H5T_INTEGER: return bits + "integers";
        case H5T_FLOAT: return bits + "floats";
        case H5T_STRING: return "strings";
        default: return "values of HDF5 type class " + std::to_string(static_cast<int>(d.typeClass));
        }
    }

    std::string shapeText(const Dataset& d)
    {
        std::string text;
        for (hsize_t dim : d.dims)
            text += (text.empty() ? "" : " × ") + withThousands(static_cast<std::size_t>(dim));
        return text;
    }

    // A file opened from memory (a .keras member has no path of its own); HDF5 copies the image. The
    // name must not exist on disk: the core driver refuses one that does.
    hid_t openImage(const std::string& name, std::string_view bytes)
    {
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); // problems become Issues, not stderr dumps
        Hid access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
        if (!access.isValid() || H5Pset_fapl_core(access, 1 << 20, 0) < 0
            || H5Pset_file_image(access, const_cast<char*>(bytes.data()), bytes.size()) < 0)
            return -1;
        return H5Fopen(name.c_str(), H5F_ACC_RDONLY, access);
    }

    // A string attribute (fixed-length as h5py writes bytes, variable-length as it writes str), each element.
    std::optional<std::vector<std::string>> stringAttribute(hid_t object, const char* name)
    {
        if (H5Aexists(object, name) <= 0)
            return std::nullopt;
        Hid attribute(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
        Hid type(H5Aget_type(attribute), H5Tclose);
        Hid space(H5Aget_space(attribute), H5Sclose);
        if (!type.isValid() || H5Tget_class(type) != H5T_STRING)
            return std::nullopt;
        const hssize_t count = std::max<hssize_t>(H5Sget_simple_extent_npoints(space), 0);
        std::vector<std::string> values;
        if (H5Tis_variable_str(type) > 0) {
            Hid memory(H5Tcopy(H5T_C_S1), H5Tclose);
            H5Tset_size(memory, H5T_VARIABLE);
            H5Tset_cset(memory, H5Tget_cset(type));
            std::vector<char*> strings(static_cast<std::size_t>(count), nullptr);
            if (H5Aread(attribute, memory, strings.data()) < 0)
                return std::nullopt;
            for (char* s : strings)
                values.emplace_back(s ? s : "");
            H5Dvlen_reclaim(memory, space, H5P_DEFAULT, strings.data());
        } else {
            const std::size_t size = H5Tget_size(type);
            std::string buffer(static_cast<std::size_t>(count) * size, '\0');
            if (H5Aread(attribute, type, buffer.data()) < 0)
                return std::nullopt;
            for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i)
                values.emplace_back(buffer.data() + i * size, strnlen(buffer.data() + i * size, size));
        }
        return values;
    }

    herr_t collectDataset(hid_t group, const char* name, const H5L_info_t*, void* data)
    {
        Hid object(H5Oopen(group, name, H5P_DEFAULT), H5Oclose);
        if (!object.isValid() || H5Iget_type(object) != H5I_DATASET)
            return 0;
        Dataset d;
        d.path = name;
        Hid type(H5Dget_type(object), H5Tclose);
        Hid space(H5Dget_space(object), H5Sclose);
        d.typeClass = H5Tget_class(type);
        d.typeSize = H5Tget_size(type);
        const int rank = H5Sget_simple_extent_ndims(space);
        d.dims.resize(static_cast<std::size_t>(std::max(rank, 0)));
        H5Sget_simple_extent_dims(space, d.dims.data(), nullptr);
        static_cast<std::vector<Dataset>*>(data)->push_back(std::move(d));
        return 0;
    }

    void collectStrings(simdjson::dom::element e, std::set<std::string>& out)
    {
        std::string_view s;
        if (e.is_string() && !e.get_string().get(s)) {
            out.emplace(s);
        } else if (e.is_array()) {
            for (simdjson::dom::element item : e.get_array())
                collectStrings(item, out);
        } else if (e.is_object()) {
            for (auto field : e.get_object())
                collectStrings(field.value, out);
        }
    }

    std::string layerName(simdjson::dom::element e)
    {
        std::string_view name;
        if (e.is_object() && !e["config"]["name"].get_string().get(name))
            return std::string(name);
        return {};
    }

    Lookup lookupOf(std::string_view className, simdjson::dom::element config)
    {
        Lookup lookup;
        lookup.className = className;
        simdjson::dom::array vocabulary;
        if (!config["vocabulary"].get_array().get(vocabulary)) {
            lookup.hasVocabulary = true;
            for (simdjson::dom::element word : vocabulary) {
                std::string_view s;
                std::int64_t i;
                double x;
                if (!word.get_string().get(s))
                    lookup.vocabulary.emplace_back(s);
                else if (!word.get_int64().get(i))
                    lookup.vocabulary.push_back(std::to_string(i));
                else if (!word.get_double().get(x))
                    lookup.vocabulary.push_back(std::to_string(static_cast<long long>(x)));
            }
        }
        std::int64_t oov;
        if (!config["num_oov_indices"].get_int64().get(oov))
            lookup.oovRows = static_cast<long>(oov);
        simdjson::dom::element mask;
        lookup.isMasked = !config["mask_token"].get(mask) && !mask.is_null();
        bool inverted = false;
        lookup.isInverted = !config["invert"].get_bool().get(inverted) && inverted;
        return lookup;
    }

    // Keras's naming.to_snake_case: "StringLookup" → "string_lookup", "HTTPLayer" → "http_layer".
    std::string snakeCase(std::string_view name)
    {
        std::string word;
        for (char c : name)
            if (std::isalnum(static_cast<unsigned char>(c)) || c == '_')
                word += c;
        const auto upper = [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; };
        const auto lower = [](char c) { return std::islower(static_cast<unsigned char>(c)) != 0; };
        std::string snake;
        for (std::size_t i = 0; i < word.size(); ++i) {
            const bool startsWord = i > 0 && upper(word[i])
                && ((i + 1 < word.size() && lower(word[i + 1])) || lower(word[i - 1])
                    || std::isdigit(static_cast<unsigned char>(word[i - 1])));
            if (startsWord && snake.back() != '_')
                snake += '_';
            snake += static_cast<char>(std::tolower(static_cast<unsigned char>(word[i])));
        }
        return snake;
    }

    // `prefix`: the weights group of the model whose config this is ("" at the top). Keras 3 stores
    // a model's layers not by name but by class, counted: layers/embedding, layers/embedding_1, ….
    void walkConfig(simdjson::dom::element e, ModelConfig& model, const std::string& prefix)
    {
        if (e.is_array()) {
            for (simdjson::dom::element item : e.get_array())
                walkConfig(item, model, prefix);
            return;
        }
        if (!e.is_object())
            return;
        std::string_view className;
        const std::string name = layerName(e);
        if (!name.empty() && !e["class_name"].get_string().get(className)) {
            if (className == "Embedding")
                model.embeddings.push_back(name);
            else if (className == "StringLookup" || className == "IntegerLookup")
                model.lookups[name] = lookupOf(className, e["config"].value());
            simdjson::dom::element inbound;
            if (!e["inbound_nodes"].get(inbound))
                collectStrings(inbound, model.inputs[name]);
        }
        for (auto field : e.get_object()) {
            if (field.key != "layers" || !field.value.is_array()) {
                walkConfig(field.value, model, prefix);
                continue;
            }
            std::string before;
            std::map<std::string, int> used;
            for (simdjson::dom::element layer : field.value.get_array()) {
                const std::string current = layerName(layer);
                if (!current.empty() && !before.empty())
                    model.previous[current] = before;
                before = current;
                std::string_view layerClass;
                std::string group = prefix + "layers/";
                if (!layer["class_name"].get_string().get(layerClass)) {
                    const std::string snake = snakeCase(layerClass);
                    auto [count, fresh] = used.emplace(snake, 0);
                    group += fresh ? snake : snake + "_" + std::to_string(++count->second);
                    if (!current.empty())
                        model.weightPaths[current] = group;
                }
                walkConfig(layer, model, group + "/");
            }
        }
    }

    std::variant<ModelConfig, Issue> parseConfig(const std::string& where, std::string_view json)
    {
        simdjson::dom::parser parser;
        simdjson::dom::element root;
        if (auto error = parser.parse(json.data(), json.size()).get(root))
            return Issue { where, 0,
                           std::string("the model config is not valid JSON: ") + simdjson::error_message(error) };
        ModelConfig model;
        walkConfig(root, model, "");
        return model;
    }

    // The lookup layer feeding `layer`: named in its inbound nodes, or just before it in a Sequential.
    const std::pair<const std::string, Lookup>* feedingLookup(const ModelConfig& model, const std::string& layer)
    {
        if (auto inputs = model.inputs.find(layer); inputs != model.inputs.end())
            for (const std::string& name : inputs->second)
                if (auto lookup = model.lookups.find(name); lookup != model.lookups.end())
                    return &*lookup;
        if (auto before = model.previous.find(layer); before != model.previous.end())
            if (auto lookup = model.lookups.find(before->second); lookup != model.lookups.end())
                return &*lookup;
        return nullptr;
    }

    // Ids for the table's rows, and the clause saying where they came from.
    std::string giveKerasIds(const ModelConfig* model, const std::string& layer, std::size_t n, VectorRows& rows)
    {
        rows.ids.clear();
        const auto* found = model ? feedingLookup(*model, layer) : nullptr;
        if (found && !found->second.isInverted && found->second.hasVocabulary) {
            const Lookup& lookup = found->second;
            std::vector<std::string> ids;
            std::string reserved;
            if (lookup.isMasked) {
                ids.emplace_back("[mask]");
                reserved = "row 0: the mask";
            }
            for (long k = 0; k < lookup.oovRows; ++k)
                ids.push_back(lookup.oovRows == 1 ? "[OOV]" : "[OOV " + std::to_string(k + 1) + "]");
            if (lookup.oovRows > 0) {
                const std::size_t first = lookup.isMasked ? 1 : 0;
                const std::size_t last = first + static_cast<std::size_t>(lookup.oovRows) - 1;
                reserved += (reserved.empty() ? "" : ", ")
                    + (first == last ? "row " + std::to_string(first)
                                     : "rows " + std::to_string(first) + "–" + std::to_string(last))
                    + ": out of vocabulary";
            }
            ids.insert(ids.end(), lookup.vocabulary.begin(), lookup.vocabulary.end());
            const std::string source = "ids from " + lookup.className + " '" + found->first + "'"
                + (reserved.empty() ? "" : " (" + reserved + ")");
            if (ids.size() <= n) {
                const std::size_t named = ids.size();
                for (std::size_t r = named; r < n; ++r)
                    ids.push_back("[unused " + std::to_string(r) + "]");
                rows.ids = std::move(ids);
                return source
                    + (named < n ? "; rows " + std::to_string(named) + "–" + std::to_string(n - 1)
                               + " beyond the vocabulary marked [unused]"
                                 : "");
            }
            rows.ids.clear();
            for (std::size_t r = 0; r < n; ++r)
                rows.ids.push_back(std::to_string(r));
            return lookup.className + " '" + found->first + "' names " + withThousands(ids.size()) + " rows for "
                + withThousands(n) + ": rows numbered 0–" + std::to_string(n - 1);
        }
        for (std::size_t r = 0; r < n; ++r)
            rows.ids.push_back(std::to_string(r));
        const std::string why = !found ? "no StringLookup or IntegerLookup feeds it"
            : found->second.isInverted ? found->second.className + " '" + found->first + "' is inverted"
                                       : found->second.className + " '" + found->first
                + "' keeps its vocabulary "
                  "outside the config";
        return why + ": rows numbered 0–" + std::to_string(n - 1);
    }

    bool isOptimizerState(const std::string& path)
    {
        return path.starts_with("optimizer");
    }

    std::string lastComponent(const std::string& path)
    {
        const std::size_t slash = path.rfind('/');
        return slash == std::string::npos ? path : path.substr(slash + 1);
    }

    // The tables of the config's Embedding layers (Keras 3 paths, else Keras 2's under `root`).
    std::variant<std::vector<Table>, Issue> tablesOf(const std::string& path, const ModelConfig& model,
                                                     const std::vector<Dataset>& datasets, const std::string& root)
    {
        std::vector<Table> tables;
        for (const std::string& layer : model.embeddings) {
            Table table { layer, nullptr };
            const auto group = model.weightPaths.find(layer);
            for (const Dataset& d : datasets) {
                if (isOptimizerState(d.path))
                    continue;
                if (group != model.weightPaths.end() && d.path == group->second + "/vars/0") {
                    table.dataset = &d; // Keras 3's own path wins over any match by name
                    break;
                }
                const bool byName = d.path == "layers/" + layer + "/vars/0"
                    || d.path.ends_with("/layers/" + layer + "/vars/0");
                const bool keras2 = d.path.starts_with(root + layer + "/")
                    && lastComponent(d.path).starts_with("embeddings");
                if ((byName || keras2) && (!table.dataset || d.path.size() < table.dataset->path.size()))
                    table.dataset = &d;
            }
            if (!table.dataset)
                return Issue { path, 0,
                               "the config names the Embedding layer '" + layer
                                   + "' but the weights hold no table for it (at "
                                   + (group != model.weightPaths.end() ? group->second : "layers/" + layer)
                                   + "/vars/0 or " + root + layer + "/…/embeddings:0)" };
            tables.push_back(table);
        }
        return tables;
    }

    // The table into rows.values as float32, a few megabytes of rows at a time so that
    // rows.progress sees the bytes of the dataset read and a stop is heard between blocks.
    bool readRowBlocks(const std::string& stage, hid_t file, const Dataset& d, VectorRows& rows)
    {
        Hid dataset(H5Dopen2(file, d.path.c_str(), H5P_DEFAULT), H5Dclose);
        Hid space(dataset.isValid() ? H5Dget_space(dataset) : -1, H5Sclose);
        if (!space.isValid())
            return false;
        const hsize_t rowBytes = d.dims[1] * d.typeSize;
        const hsize_t blockRows = std::max<hsize_t>(1, (hsize_t { 4 } << 20) / rowBytes);
        if (rows.progress)
            rows.progress->begin(stage, static_cast<std::size_t>(d.dims[0] * rowBytes));
        for (hsize_t first = 0; first < d.dims[0] && !rows.stop.stop_requested(); first += blockRows) {
            const hsize_t start[2] = { first, 0 };
            const hsize_t count[2] = { std::min(blockRows, d.dims[0] - first), d.dims[1] };
            Hid memory(H5Screate_simple(2, count, nullptr), H5Sclose);
            if (!memory.isValid() || H5Sselect_hyperslab(space, H5S_SELECT_SET, start, nullptr, count, nullptr) < 0
                || H5Dread(dataset, H5T_NATIVE_FLOAT, memory, space, H5P_DEFAULT,
                           rows.values.data() + first * d.dims[1])
                    < 0)
                return false;
            if (rows.progress)
                rows.progress->advance(static_cast<std::size_t>(count[0] * rowBytes));
        }
        return true;
    }

    // A subclassed model's config names no layers (it holds the constructor's arguments), so
    // Keras 3 names its Embedding layers' groups after their class: layers/embedding/vars/0,
    // layers/embedding_1/vars/0, … (keras.io's RecommenderNet: users, user bias, items, item bias).
    std::vector<Table> subclassedTables(const std::vector<Dataset>& datasets)
    {
        std::vector<Table> tables;
        for (const Dataset& d : datasets) {
            if (!d.path.starts_with("layers/embedding") || !d.path.ends_with("/vars/0") || d.dims.size() != 2)
                continue;
            const std::string group = d.path.substr(7, d.path.size() - 7 - 7);
            const std::string_view suffix = std::string_view(group).substr(9);
            if (group.find('/') == std::string::npos
                && (group == "embedding"
                    || (suffix.size() > 1 && suffix[0] == '_'
                        && std::all_of(suffix.begin() + 1, suffix.end(), [](char c) { return c >= '0' && c <= '9'; }))))
                tables.push_back({ group, &d });
        }
        return tables;
    }

    // A Keras 2 weights file's layers (`layer_names` under `root`) whose weight is named
    // "embeddings": the Embedding layers when no config says which they are.
    std::vector<Table> namedEmbeddingTables(const std::vector<std::string>& names, const std::vector<Dataset>& datasets,
                                            const std::string& root)
    {
        std::vector<Table> tables;
        for (const std::string& name : names)
            for (const Dataset& d : datasets)
                if (d.path.starts_with(root + name + "/") && lastComponent(d.path).starts_with("embeddings")) {
                    tables.push_back({ name, &d });
                    break;
                }
        return tables;
    }

    std::optional<Issue> readTable(const std::string& path, hid_t file, const std::vector<Table>& tables,
                                   const ModelConfig* model, const std::string& layer, VectorRows& rows,
                                   std::vector<TableChoice>* offered)
    {
        std::string listed;
        for (const Table& t : tables) {
            listed += (listed.empty() ? "'" : ", '") + t.layer + "' (" + shapeText(*t.dataset) + ")";
            if (offered)
                offered->push_back({ t.layer, std::vector<long long>(t.dataset->dims.begin(), t.dataset->dims.end()) });
        }
        const Table* chosen = nullptr;
        if (tables.empty())
            return Issue { path, 0, "the model has no Embedding layer" };
        if (!layer.empty()) {
            for (const Table& t : tables)
                if (t.layer == layer)
                    chosen = &t;
            if (!chosen)
                return Issue { path, 0,
                               "no Embedding layer '" + layer + "' in the model; its Embedding layers: " + listed };
        } else if (tables.size() == 1) {
            chosen = &tables.front();
        } else {
            return Issue { path, 0,
                           "the model has " + std::to_string(tables.size()) + " Embedding layers: " + listed
                               + "; choose the items' with --layer (and the users' with --user-layer)" };
        }
        const Dataset& d = *chosen->dataset;
        if (d.typeClass != H5T_FLOAT || (d.typeSize != 4 && d.typeSize != 8))
            return Issue {
                path, 0, "dataset '" + d.path + "' holds " + typeText(d) + "; Embex reads float32 or float64 tables"
            };
        if (d.dims.size() != 2 || d.dims[0] == 0 || d.dims[1] == 0)
            return Issue { path, 0,
                           "dataset '" + d.path + "' has shape (" + shapeText(d) + "), not rows × dimensions" };
        rows.dimension = static_cast<Index>(d.dims[1]);
        rows.values.resize(static_cast<std::size_t>(d.dims[0] * d.dims[1]));
        if (!readRowBlocks("reading " + fileName(path) + ", layer '" + chosen->layer + "'", file, d, rows))
            return Issue { path, 0, "dataset '" + d.path + "' could not be read: is the file damaged?" };
        if (rows.stop.stop_requested())
            return Issue { path, 0, "the import was stopped" };
        const auto n = static_cast<std::size_t>(d.dims[0]);
        for (std::size_t i = 0; i < rows.values.size(); ++i)
            if (!std::isfinite(rows.values[i]))
                return Issue { path, 0,
                               "row " + std::to_string(i / static_cast<std::size_t>(d.dims[1])) + " of dataset '"
                                   + d.path + "' holds a number that is not finite" };
        rows.notes.push_back("layer '" + chosen->layer + "' (" + shapeText(d) + ") of " + fileName(path));
        rows.notes.push_back(giveKerasIds(model, chosen->layer, n, rows));
        rows.lines.assign(n, 0);
        rows.idFile = path;
        return std::nullopt;
    }

    constexpr const char* subclassNote = "a subclassed model: its config names no layers, so they go by the names "
                                         "Keras gave their weights";

    std::vector<Dataset> datasetsIn(hid_t file)
    {
        std::vector<Dataset> datasets;
        H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, collectDataset, &datasets);
        return datasets;
    }

} // namespace

bool looksLikeHdf5(std::string_view bytes)
{
    return bytes.starts_with("\x89HDF\r\n\x1a\n");
}

std::optional<Issue> readKerasArchive(const std::string& path, const std::vector<ZipMember>& members,
                                      const std::string& layer, VectorRows& rows, std::string& format,
                                      std::vector<TableChoice>* offered)
{
    const auto member = [&](const char* name) -> const ZipMember* {
        for (const ZipMember& m : members)
            if (m.name == name)
                return &m;
        return nullptr;
    };
    const ZipMember* config = member("config.json");
    const ZipMember* weights = member("model.weights.h5");
    if (!config)
        return Issue { path, 0, "a zip archive without config.json: not a .keras model" };
    if (!weights)
        return Issue { path, 0, "a .keras model without model.weights.h5: it holds no weights" };
    format = "Keras .keras";
    auto parsed = parseConfig(path + ":config.json", config->bytes);
    if (auto* issue = std::get_if<Issue>(&parsed))
        return *issue;
    ModelConfig& model = std::get<ModelConfig>(parsed);
    const std::scoped_lock lock(hdf5Mutex);
    // An adapted lookup keeps its vocabulary in the archive's assets, special tokens first.
    for (auto& [name, lookup] : model.lookups) {
        if (lookup.hasVocabulary)
            continue;
        const auto group = model.weightPaths.find(name);
        const std::string asset = "assets/" + (group != model.weightPaths.end() ? group->second : "layers/" + name)
            + "/vocabulary.txt";
        for (const ZipMember& m : members)
            if (m.name == asset) {
                const auto lines = splitLines(m.bytes);
                const std::size_t special = static_cast<std::size_t>(std::max(lookup.oovRows, 0L))
                    + (lookup.isMasked ? 1 : 0);
                for (std::size_t l = special; l < lines.size(); ++l)
                    if (!(l + 1 == lines.size() && lines[l].empty()))
                        lookup.vocabulary.emplace_back(lines[l]);
                lookup.hasVocabulary = true;
            }
    }
    Hid file(openImage(path + ":model.weights.h5", weights->bytes), H5Fclose);
    if (!file.isValid())
        return Issue { path, 0, "model.weights.h5 is not a readable HDF5 file" };
    const std::vector<Dataset> datasets = datasetsIn(file);
    if (model.embeddings.empty()) {
        const std::vector<Table> subclassed = subclassedTables(datasets);
        if (subclassed.empty())
            return Issue { path, 0, "the model has no Embedding layer (config.json names none)" };
        auto problem = readTable(path, file, subclassed, nullptr, layer, rows, offered);
        if (!problem)
            rows.notes.push_back(subclassNote);
        return problem;
    }
    auto tables = tablesOf(path, model, datasets, "");
    if (auto* issue = std::get_if<Issue>(&tables))
        return *issue;
    return readTable(path, file, std::get<std::vector<Table>>(tables), &model, layer, rows, offered);
}

std::optional<Issue> readKerasH5(const std::string& path, std::string_view bytes, const std::string& layer,
                                 VectorRows& rows, std::string& format, std::vector<TableChoice>* offered)
{
    const std::scoped_lock lock(hdf5Mutex);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    Hid file(looksLikeHdf5(bytes) ? H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT) : -1, H5Fclose);
    if (!file.isValid())
        return Issue { path, 0, "an HDF5 file that HDF5 cannot open: is it damaged or cut short?" };
    const std::vector<Dataset> datasets = datasetsIn(file);
    if (const auto config = stringAttribute(file, "model_config"); config && !config->empty()) {
        format = "Keras .h5 model";
        auto parsed = parseConfig(path + ": model_config", config->front());
        if (auto* issue = std::get_if<Issue>(&parsed))
            return *issue;
        const ModelConfig& model = std::get<ModelConfig>(parsed);
        const bool hasWeightsGroup = H5Lexists(file, "model_weights", H5P_DEFAULT) > 0;
        if (model.embeddings.empty()) { // a subclassed model: its weights still name their layers
            std::vector<Table> named;
            if (hasWeightsGroup) {
                Hid weights(H5Gopen2(file, "model_weights", H5P_DEFAULT), H5Gclose);
                if (const auto names = weights.isValid() ? stringAttribute(weights, "layer_names") : std::nullopt)
                    named = namedEmbeddingTables(*names, datasets, "model_weights/");
            }
            if (named.empty())
                return Issue { path, 0, "the model has no Embedding layer (its model_config names none)" };
            auto problem = readTable(path, file, named, nullptr, layer, rows, offered);
            if (!problem)
                rows.notes.push_back(subclassNote);
            return problem;
        }
        auto tables = tablesOf(path, model, datasets, hasWeightsGroup ? "model_weights/" : "");
        if (auto* issue = std::get_if<Issue>(&tables))
            return *issue;
        return readTable(path, file, std::get<std::vector<Table>>(tables), &model, layer, rows, offered);
    }
    if (const auto names = stringAttribute(file, "layer_names")) {
        format = "Keras .h5 weights";
        // No config: the Embedding layers are those whose weight is named "embeddings".
        const std::vector<Table> tables = namedEmbeddingTables(*names, datasets, "");
        if (tables.empty())
            return Issue { path, 0, "a Keras weights file without an Embedding layer (no weight named embeddings)" };
        return readTable(path, file, tables, nullptr, layer, rows, offered);
    }
    if (H5Lexists(file, "layers", H5P_DEFAULT) > 0)
        return Issue { path, 0,
                       "a Keras 3 weights file (.weights.h5) holds no config to say which layers are "
                       "Embeddings: import the .keras model it belongs to" };
    return Issue { path, 0,
                   "an HDF5 file that Keras did not write: no 'model_config' or 'layer_names' attribute at "
                   "its root" };
}

} // namespace embex::core
