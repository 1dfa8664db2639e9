// SPDX-License-Identifier: MIT
#include "tests/support/keras_writer.h"

#include "core/io/npy_format.h"

#include <zip.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>

namespace embex::test {

float kerasValue(int id, int r, int j)
{
    return static_cast<float>(id * 100 + r * 10 + j) / 8.0f;
}

std::vector<float> kerasTable(int id, int rows, int cols)
{
    std::vector<float> values;
    for (int r = 0; r < rows; ++r)
        for (int j = 0; j < cols; ++j)
            values.push_back(kerasValue(id, r, j));
    return values;
}

void stringAttribute(hid_t object, const char* name, const std::vector<std::string>& values, bool isArray)
{
    std::size_t size = 1;
    for (const std::string& v : values)
        size = std::max(size, v.size());
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, size);
    H5Tset_strpad(type, H5T_STR_NULLPAD);
    const hsize_t count = values.size();
    const hid_t space = isArray ? H5Screate_simple(1, &count, nullptr) : H5Screate(H5S_SCALAR);
    std::string buffer(size * values.size(), '\0');
    for (std::size_t i = 0; i < values.size(); ++i)
        std::memcpy(buffer.data() + i * size, values[i].data(), values[i].size());
    const hid_t attribute = H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(attribute, type, buffer.data());
    H5Aclose(attribute);
    H5Sclose(space);
    H5Tclose(type);
}

void floatDataset(hid_t file, const std::string& path, int rows, int cols, const std::vector<float>& values)
{
    const hid_t links = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(links, 1);
    const hsize_t dims[2] = { static_cast<hsize_t>(rows), static_cast<hsize_t>(cols) };
    const hid_t space = H5Screate_simple(2, dims, nullptr);
    const hid_t dataset = H5Dcreate2(file, path.c_str(), H5T_IEEE_F32LE, space, links, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(dataset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
    H5Dclose(dataset);
    H5Sclose(space);
    H5Pclose(links);
}

void intDataset(hid_t file, const std::string& path, int rows, int cols)
{
    const hid_t links = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(links, 1);
    const hsize_t dims[2] = { static_cast<hsize_t>(rows), static_cast<hsize_t>(cols) };
    const hid_t space = H5Screate_simple(2, dims, nullptr);
    std::vector<std::int64_t> values(static_cast<std::size_t>(rows * cols), 7);
    const hid_t dataset = H5Dcreate2(file, path.c_str(), H5T_STD_I64LE, space, links, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(dataset, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
    H5Dclose(dataset);
    H5Sclose(space);
    H5Pclose(links);
}

void group(hid_t file, const char* path)
{
    H5Gclose(H5Gcreate2(file, path, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return { std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>() };
}

bool writeZip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& members, bool deflate)
{
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (!archive)
        return false;
    for (const auto& [name, bytes] : members) {
        zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
        const zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_discard(archive);
            return false;
        }
        zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
    }
    return zip_close(archive) == 0;
}

std::string npy(const std::string& descr, const std::string& shape, const std::string& data)
{
    std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    header.append(64 - (10 + header.size() + 1) % 64, ' ');
    header += '\n';
    std::string bytes("\x93NUMPY\x01\x00", 8);
    bytes += static_cast<char>(header.size() & 0xFF);
    bytes += static_cast<char>(header.size() >> 8);
    return bytes + header + data;
}

std::string npyMatrix(int id, int rows, int cols)
{
    const std::vector<float> values = kerasTable(id, rows, cols);
    return core::npyHeader(rows, cols)
        + std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
}

std::string utf32(const std::vector<std::string>& words, std::size_t width)
{
    std::string data;
    for (const std::string& w : words)
        for (std::size_t c = 0; c < width; ++c) {
            const char32_t code = c < w.size() ? static_cast<unsigned char>(w[c]) : 0;
            data.append(reinterpret_cast<const char*>(&code), 4);
        }
    return data;
}

std::string keras3Layer(const std::string& className, const std::string& name, const std::string& config,
                        const std::string& input)
{
    const std::string dtype = R"({"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, )"
                              R"("registered_name": null})";
    const std::string inbound = input.empty()
        ? "[]"
        : R"([{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null], "dtype": "int64", )"
          R"("keras_history": [")"
            + input + R"(", 0, 0]}}], "kwargs": {}}])";
    return R"({"module": "keras.layers", "class_name": ")" + className + R"(", "config": {"name": ")" + name
        + R"(", "trainable": true, "dtype": )" + dtype + (config.empty() ? "" : ", " + config)
        + R"(}, "registered_name": null, "build_config": {"input_shape": [null]}, "name": ")" + name
        + R"(", "inbound_nodes": )" + inbound + "}";
}

std::string keras3Model(const std::vector<std::string>& layers)
{
    std::string list;
    for (const std::string& l : layers)
        list += (list.empty() ? "" : ", ") + l;
    return R"({"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "recommender", )"
           R"("trainable": true, "layers": [)"
        + list
        + R"(], "input_layers": [["movie_id", 0, 0]], "output_layers": [["movie_embedding", 0, 0]]}, )"
          R"("registered_name": "Functional", "compile_config": {"optimizer": {"module": "keras.optimizers", )"
          R"("class_name": "Adam", "config": {"name": "adam", "learning_rate": 0.001}, "registered_name": null}, )"
          R"("loss": "mse"}})";
}

std::string embeddingConfig(int rows, int cols)
{
    return R"("input_dim": )" + std::to_string(rows) + R"(, "output_dim": )" + std::to_string(cols)
        + R"(, "embeddings_initializer": {"module": "keras.initializers", "class_name": "RandomUniform", )"
          R"("config": {"seed": null, "minval": -0.05, "maxval": 0.05}, "registered_name": null}, )"
          R"("embeddings_regularizer": null, "activity_regularizer": null, "embeddings_constraint": null, )"
          R"("mask_zero": false)";
}

std::string stringLookupConfig(const std::vector<std::string>& vocabulary)
{
    std::string words;
    for (const std::string& w : vocabulary)
        words += (words.empty() ? "\"" : ", \"") + w + "\"";
    return R"("invert": false, "max_tokens": null, "num_oov_indices": 1, "oov_token": "[UNK]", "mask_token": null, )"
           R"("output_mode": "int", "sparse": false, "pad_to_max_tokens": false, "vocabulary_dtype": "string", )"
           R"("idf_weights": null, "vocabulary": [)"
        + words + R"(], "encoding": "utf-8")";
}

std::string keras2Layer(const std::string& className, const std::string& name, const std::string& config,
                        const std::string& input)
{
    return R"({"class_name": ")" + className + R"(", "config": {"name": ")" + name
        + R"(", "trainable": true, "dtype": "float32")" + (config.empty() ? "" : ", " + config) + R"(}, "name": ")"
        + name + R"(", "inbound_nodes": )" + (input.empty() ? "[]" : R"([[[")" + input + R"(", 0, 0, {}]]])") + "}";
}

std::string keras3Weights(const std::vector<KerasTable>& tables, const std::string& scratchPath)
{
    const hid_t h5 = H5Fcreate(scratchPath.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    group(h5, "layers");
    group(h5, "vars");
    int optimizerVar = 2;
    for (const KerasTable& t : tables) {
        floatDataset(h5, "layers/" + t.group + "/vars/0", t.rows, t.cols,
                     t.values.empty() ? kerasTable(t.rows, t.rows, t.cols) : t.values);
        for (int moment = 0; moment < 2; ++moment)
            floatDataset(h5, "optimizer/vars/" + std::to_string(optimizerVar++), t.rows, t.cols,
                         kerasTable(90 + moment, t.rows, t.cols));
    }
    H5Fclose(h5);
    return readFile(scratchPath);
}

bool writeRecommenderKeras(const std::string& path, const std::vector<std::string>& userIds,
                           const std::vector<std::string>& movieIds, int dimensions)
{
    const int users = static_cast<int>(userIds.size()) + 1;
    const int movies = static_cast<int>(movieIds.size()) + 1;
    std::mt19937 random(25);
    std::normal_distribution<float> normal(0.0f, 0.05f);
    const auto randomTable = [&](int rows) {
        std::vector<float> values(static_cast<std::size_t>(rows * dimensions));
        for (float& v : values)
            v = normal(random);
        return values;
    };
    const std::string config = keras3Model(
        { keras3Layer("InputLayer", "user_id", "", ""), keras3Layer("InputLayer", "movie_id", "", ""),
          keras3Layer("StringLookup", "user_lookup", stringLookupConfig(userIds), "user_id"),
          keras3Layer("StringLookup", "movie_lookup", stringLookupConfig(movieIds), "movie_id"),
          keras3Layer("Embedding", "user_embedding", embeddingConfig(users, dimensions), "user_lookup"),
          keras3Layer("Embedding", "movie_embedding", embeddingConfig(movies, dimensions), "movie_lookup"),
          keras3Layer("Dot", "score", R"("axes": 1, "normalize": false)", "movie_embedding") });
    const std::string weights = keras3Weights({ { "embedding", users, dimensions, randomTable(users) },
                                                { "embedding_1", movies, dimensions, randomTable(movies) } },
                                              path + ".weights.h5");
    std::remove((path + ".weights.h5").c_str());
    return writeZip(path,
                    { { "metadata.json", R"({"keras_version": "3.3.3", "date_saved": "2024-05-01@10:00:00"})" },
                      { "config.json", config },
                      { "model.weights.h5", weights } },
                    true);
}

} // namespace embex::test
