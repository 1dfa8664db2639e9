// SPDX-License-Identifier: MIT
#pragma once

#include "core/models/embedding_snapshot.h"
#include "core/optim/train_config.h"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace embex::core {

class Model;
class ModelScorer;

/// One row per ModelKind: everything the factory, the defaults, the model dock, the CLI, the
/// session file and analysis need to know about a kind. What a trained model answers (scores,
/// a new user's query vector, explanations) is its ModelScorer's, made by makeScorer. Adding a model
/// kind means its ModelKind value, one row here, and the model's own files: its Model class and
/// its ModelScorer.
struct ModelTraits {
    ModelKind kind;
    std::string_view name;    ///< "dotbias": the CLI's --model, session files, settings, snapshots
    std::string_view label;   ///< "Dot product + biases", for people
    std::string_view summary; ///< one sentence on what it learns, for a tooltip
    /// Ranks items (precision/recall@10) even on explicit ratings; otherwise the model predicts
    /// ratings (RMSE/MAE) and ranks only on implicit data.
    bool alwaysRanks;
    bool usesOptimizer;    ///< optimizer and learning rate apply (ALS solves rows exactly instead)
    bool usesNegatives;    ///< sampled negatives (TrainConfig::negativeSamples)
    bool usesHiddenLayers; ///< TrainConfig::hiddenLayers
    bool usesInputDropout; ///< TrainConfig::inputDropout
    bool usesSideFeatures; ///< TrainConfig::useSideFeatures: user/item attributes in the user tower
    /// TrainConfig::implicitTerm: SVD++'s user term (dot+bias; other rows leave it false)
    bool usesImplicitTerm = false;
    /// The same seed gives bit-identical weights on any thread count, so training can use every
    /// core by default. False where threads split a batch's sums (MLP, softmax).
    bool isThreadInvariant;
    /// Learns from likes alone (implicit data, every row 1): it samples negatives, scores every
    /// item, or weighs confidence. False for a model that only fits the values it is given,
    /// which on likes would learn to predict 1 everywhere.
    bool learnsFromLikes;
    TrainConfig (*defaults)(); ///< tuned defaults, model set to `kind`
    std::unique_ptr<Model> (*make)(const TrainData&, const TrainConfig&);
    /// The kind's scoring, fold-in and explanation; throws std::invalid_argument when the
    /// snapshot lacks a parameter the kind needs.
    std::unique_ptr<ModelScorer> (*makeScorer)(std::shared_ptr<const EmbeddingSnapshot>);
};

/// Every kind, in the order people see them (the model dock's combo, help texts).
std::span<const ModelTraits> modelRegistry();
const ModelTraits& traitsOf(ModelKind kind);
std::string_view modelName(ModelKind kind);
std::optional<ModelKind> findModelKind(std::string_view name);
/// Throws std::invalid_argument with unknownModelMessage(name) for a name no row has.
ModelKind parseModelKind(std::string_view name);
/// "dotbias, mlp, softmax, autoencoder or als"
std::string modelNameList();
/// "softmax or autoencoder": the names of the rows whose `flag` is set, in the registry's order.
std::string modelNamesWhere(bool ModelTraits::*flag);
/// "model must be dotbias, mlp, softmax, autoencoder or als, not 'svd'"
std::string unknownModelMessage(std::string_view name);

/// Why `kind` cannot train on likes (implicit data), naming the kinds that can; empty when it
/// can. train() throws it, and the window says it beside a disabled Train.
std::string likesRefusal(ModelKind kind);

/// Whether a `kind` trained on such data reports ranking metrics rather than rating errors.
bool isRanking(ModelKind kind, bool implicitData);
/// Threads a run should use when nobody asks: every core (`hardwareThreads`, at least 1) when
/// the thread count cannot change the result, 1 otherwise.
int defaultThreads(ModelKind kind, int hardwareThreads);

/// The tuned defaults for a model kind, so a user who changes nothing gets a good model.
/// threads is 1; defaultThreads() says how many a caller may use.
TrainConfig defaultTrainConfig(ModelKind kind);
/// The same by name; throws std::invalid_argument (unknownModelMessage) for an unknown name.
TrainConfig defaultTrainConfig(std::string_view name);

/// Whether a run of `config` on `itemCount` items trains the sampled softmax (whose training loss
/// is then the sampled one) rather than the exact loss.
bool usesSampledSoftmax(const TrainConfig& config, std::size_t itemCount);

} // namespace embex::core
