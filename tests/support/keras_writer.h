// SPDX-License-Identifier: MIT
// Test code only: writes Keras models and NumPy archives byte for byte as their producers do, so
// tests (and the README's example model) need no Python. Keras 3's .keras zip (config.json,
// model.weights.h5 with "layers/<group>/vars/0"), Keras 2's .h5 layouts through the HDF5 API as
// h5py writes them, zips as Python's zipfile writes them (stored or deflated).
#pragma once

#include <hdf5.h>

#include <string>
#include <utility>
#include <vector>

namespace embex::test {

/// Row r, column j of table `id`: distinct, so a wrong table or row shows.
float kerasValue(int id, int r, int j);
/// rows × cols of kerasValue(id, r, j), row-major.
std::vector<float> kerasTable(int id, int rows, int cols);

/// h5py's way of storing Python bytes: fixed-length, null-padded strings (one, or an array).
void stringAttribute(hid_t object, const char* name, const std::vector<std::string>& values, bool isArray = false);
/// A rows × cols float32 dataset at `path`, intermediate groups created.
void floatDataset(hid_t file, const std::string& path, int rows, int cols, const std::vector<float>& values);
/// A rows × cols int64 dataset of 7s: a table Embex must refuse.
void intDataset(hid_t file, const std::string& path, int rows, int cols);
void group(hid_t file, const char* path);
std::string readFile(const std::string& path);
/// False when libzip refuses; each member stored, or deflated when `deflate`.
bool writeZip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& members, bool deflate);

/// numpy.save's bytes: the v1.0 header padded to 64 bytes, then the data.
std::string npy(const std::string& descr, const std::string& shape, const std::string& data);
/// A float32 rows × cols .npy of kerasTable(id, rows, cols).
std::string npyMatrix(int id, int rows, int cols);
/// numpy's '<U<width>': UTF-32, zero-padded.
std::string utf32(const std::vector<std::string>& words, std::size_t width);

/// Keras 3's get_config() of a layer inside a Functional model's "layers"; `input` names the
/// layer feeding it (empty: none).
std::string keras3Layer(const std::string& className, const std::string& name, const std::string& config,
                        const std::string& input);
/// A Functional model's config.json around `layers`, compiled with Adam.
std::string keras3Model(const std::vector<std::string>& layers);
/// An Embedding layer's config entries for an input_dim × output_dim table.
std::string embeddingConfig(int rows, int cols);
/// A StringLookup's config entries with `vocabulary` and Keras's default num_oov_indices=1.
std::string stringLookupConfig(const std::vector<std::string>& vocabulary);
/// Keras 2's get_config() of a Functional model's layer: inbound_nodes [[["name", 0, 0, {}]]].
std::string keras2Layer(const std::string& className, const std::string& name, const std::string& config,
                        const std::string& input);

/// One table of model.weights.h5: its group under "layers/" and its rows × cols values.
struct KerasTable {
    std::string group; ///< "embedding", "embedding_1": Keras names groups by class, in config order
    int rows = 0;
    int cols = 0;
    std::vector<float> values; ///< empty: kerasTable(rows, rows, cols)
};

/// model.weights.h5 as Keras 3 writes it, written through `scratchPath` and returned as bytes:
/// each table at "layers/<group>/vars/0", Adam's state under "optimizer/vars" (iterations,
/// learning rate, then m and v of each table, same shapes as the tables).
std::string keras3Weights(const std::vector<KerasTable>& tables, const std::string& scratchPath);

/// A recommender as TensorFlow Recommenders' tutorial builds it, saved with model.save(path):
/// user_id → StringLookup "user_lookup" → Embedding "user_embedding", movie_id → StringLookup
/// "movie_lookup" → Embedding "movie_embedding", their Dot. Each table has one row more than its
/// vocabulary (Keras's out-of-vocabulary row 0); values are a fixed-seed N(0, 0.05).
bool writeRecommenderKeras(const std::string& path, const std::vector<std::string>& userIds,
                           const std::vector<std::string>& movieIds, int dimensions);

} // namespace embex::test
