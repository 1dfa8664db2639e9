// SPDX-License-Identifier: MIT
// The softmax's and the autoencoder's answers. Both build the user from their items (and
// attributes): each writes that input once, and scoring, fold-in and explanation all use it.
#include "core/models/neural_scorers.h"

#include "core/models/dense_stack.h"
#include "core/models/model_registry.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace embex::core {
namespace {

    /// A user's encoded attributes: their row of the snapshot's "user_features", or none (zeros).
    std::span<const float> featuresOf(const RowMatrixXf* features, std::uint32_t user)
    {
        if (!features || static_cast<Index>(user) >= features->rows())
            return {};
        return { features->row(user).data(), static_cast<std::size_t>(features->cols()) };
    }

    std::vector<std::uint32_t> itemsOf(std::span<const PickedItem> picks)
    {
        std::vector<std::uint32_t> items;
        items.reserve(picks.size());
        for (const PickedItem& p : picks)
            items.push_back(p.item);
        return items;
    }

    /// Scorers that build the user from their items and, when trained with them, their attributes.
    class QueryScorer : public ModelScorer {
    public:
        explicit QueryScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot)
            : m_snapshot(std::move(snapshot))
            , m_userFeatures(m_snapshot->parameter("user_features"))
        {
        }

    protected:
        Index userFeatureCount() const { return m_userFeatures ? m_userFeatures->cols() : 0; }
        std::span<const float> featuresOf(std::uint32_t user) const { return core::featuresOf(m_userFeatures, user); }

        void checkOutput(std::span<float> out) const
        {
            if (static_cast<Index>(out.size()) != m_snapshot->itemEmbeddings().rows())
                throw std::invalid_argument("output size must equal the item count");
        }

        /// Writes the user's attributes at x[at…]; none given stay zeros, and a model trained
        /// without them ignores them.
        void putFeatures(RowMatrixXf& x, Index at, std::span<const float> features) const
        {
            const Index count = userFeatureCount();
            if (count == 0 || features.empty())
                return;
            if (static_cast<Index>(features.size()) != count)
                throw std::invalid_argument("the user has " + std::to_string(features.size())
                                            + " attribute features; the model was trained on " + std::to_string(count));
            x.block(0, at, 1, count) = Eigen::Map<const RowVectorXf>(features.data(), count);
        }

        /// Shows x[at…], the user's attributes as putFeatures wrote them.
        void explainFeatures(std::uint32_t user, const RowMatrixXf& x, Index at, Explanation& e) const
        {
            const Index f = userFeatureCount();
            const bool listed = static_cast<Index>(user) < m_userFeatures->rows();
            e.vectors.push_back({ "u: the user's attributes, row " + std::to_string(user) + " of user_features"
                                      + (listed ? "" : " (none: zeros)"),
                                  explanationValues(x.block(0, at, 1, f)),
                                  featureNamesOf(*m_snapshot, "user_feature_encoding", f) });
        }

        /// The parts of a tower's local map no rated item carries: the biases through the active
        /// units, and the user's attributes at x[at…]; then what the shares mean.
        static void addTowerOthers(BecauseYouRated& b, const LocalLinear& l, const RowVectorXf& x, Index at, Index f,
                                   std::size_t layerCount)
        {
            const bool hidden = layerCount > 1;
            b.others.push_back(
                { "c",
                  hidden ? "the layers' biases through the units this user's input switches on" : "the layer's biases",
                  l.offset });
            if (f > 0)
                b.others.push_back({ "g·u", "the user's attributes",
                                     l.gradient.segment(at, f).cast<double>().dot(x.segment(at, f).cast<double>()) });
            b.isExactForThisInputOnly = hidden;
            b.meaning = hidden
                ? "each rated item's share through the hidden units this user's items switch on (the tower is "
                  "linear there); exact for this user, not what the score would lose without the item"
                : "each rated item's share: the tower is linear, so the score is a sum over the rated items";
        }

        std::shared_ptr<const EmbeddingSnapshot> m_snapshot;
        const RowMatrixXf* m_userFeatures;
    };

    /// scores = V·tower([mean E[rated] | mean item features[rated] | user features]) + b: the user
    /// is their rated items (and attributes, when the model was trained with them).
    class SoftmaxScorer final : public QueryScorer {
    public:
        explicit SoftmaxScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot)
            : QueryScorer(std::move(snapshot))
            , m_output(m_snapshot->itemEmbeddings())
            , m_input(m_snapshot->required("input_embedding"))
            , m_bias(m_snapshot->required("item_bias"))
            , m_itemFeatures(m_snapshot->parameter("item_features"))
            , m_tower(DenseStack::fromSnapshot(*m_snapshot, "tower_"))
        {
            if (m_input.rows() != m_output.rows()
                || m_tower.inputSize() != m_input.cols() + itemFeatureCount() + userFeatureCount()
                || m_tower.outputSize() != m_output.cols()
                || (m_itemFeatures && m_itemFeatures->rows() != m_input.rows()))
                throw std::invalid_argument("softmax snapshot: embedding, feature and tower shapes disagree");
        }

        void scoreItems(std::uint32_t user, std::span<const std::uint32_t> rated, std::span<float> out) const override
        {
            checkOutput(out);
            const RowMatrixXf psi = m_tower.evaluate(towerInput(rated, featuresOf(user)));
            Eigen::Map<VectorXf> scores(out.data(), static_cast<Index>(out.size()));
            scores.noalias() = m_output * psi.row(0).transpose();
            scores += m_bias.col(0);
        }

        QueryVector queryVector(std::span<const PickedItem> picks, bool,
                                std::span<const float> userFeatures) const override
        {
            QueryVector q;
            q.userFeatures.assign(userFeatures.begin(), userFeatures.end());
            q.vector = m_tower.evaluate(towerInput(itemsOf(picks), userFeatures)).row(0).transpose();
            q.method = std::string("user tower: tower(")
                + (picks.empty()                ? "no items"
                       : itemFeatureCount() > 0 ? "mean of the picked items' input embeddings and item attributes"
                                                : "mean of the picked items' input embeddings")
                + (userFeatures.empty() ? "" : ", the user's attributes") + ")";
            return q;
        }

        void scoreQuery(const QueryVector& query, std::span<float> out) const override
        {
            checkOutput(out);
            if (query.vector.size() != m_output.cols())
                throw std::invalid_argument("softmax: the query vector's length is not the embedding dimension");
            Eigen::Map<VectorXf> scores(out.data(), static_cast<Index>(out.size()));
            scores.noalias() = m_output * query.vector;
            scores += m_bias.col(0);
        }

        void explain(std::uint32_t user, std::uint32_t item, std::span<const std::uint32_t> rated,
                     Explanation& e) const override
        {
            const std::vector<SnapshotLayer> layers = snapshotLayers(*m_snapshot, "tower_");
            const Index d = m_input.cols(), g = itemFeatureCount(), f = userFeatureCount();
            const RowMatrixXf x = towerInput(rated, featuresOf(user));
            const std::string n = std::to_string(rated.size());
            std::string parts = "x_E";
            e.vectors.push_back(
                { std::string(g + f > 0 ? "x_E" : "x") + ": mean input embedding of the " + n + " rated items",
                  explanationValues(x.block(0, 0, 1, d)) });
            if (g > 0) {
                e.vectors.push_back({ "x_G: mean item features of the " + n + " rated items",
                                      explanationValues(x.block(0, d, 1, g)),
                                      featureNamesOf(*m_snapshot, "item_feature_encoding", g) });
                parts += " | x_G";
            }
            if (f > 0) {
                explainFeatures(user, x, d + g, e);
                parts += " | u";
            }
            const RowVectorXf h = explainHiddenLayers(layers, x.row(0), e);
            RowVectorXf psi = h * *layers.back().weight;
            psi += layers.back().bias->row(0);
            e.vectors.push_back({ "ψ(x): the user's query vector", explanationValues(psi) });
            const RowVectorXf v = m_output.row(item);
            e.vectors.push_back({ "v_j: item embedding, row " + std::to_string(item), explanationValues(v) });
            e.terms.push_back({ "b_j", "item bias, row " + std::to_string(item), m_bias(item, 0) });
            addProducts(e, psi, v, "ψ", "v", "dimension");
            e.because = becauseYouRated(layers, x.row(0), v, rated);
            e.because->others.insert(e.because->others.begin(),
                                     { "b_j", "item bias, row " + std::to_string(item), m_bias(item, 0) });
            e.formula = "s_j = b_j + ψ(x)·v_j";
            if (g + f > 0)
                e.formula += ", x = [" + parts + "]";
            e.formula += ";  P(j | x) = e^s_j / Σ_l e^s_l";
        }

        std::optional<double> probability(std::span<const float> scores, std::uint32_t item) const override
        {
            const double top = *std::max_element(scores.begin(), scores.end());
            double total = 0;
            for (float v : scores)
                total += std::exp(static_cast<double>(v) - top);
            return std::exp(static_cast<double>(scores[item]) - top) / total;
        }

    private:
        Index itemFeatureCount() const { return m_itemFeatures ? m_itemFeatures->cols() : 0; }

        /// Item j's part of x is (E_j | G_j) / n, the mean's addend.
        BecauseYouRated becauseYouRated(const std::vector<SnapshotLayer>& layers, const RowVectorXf& x,
                                        const RowVectorXf& v, std::span<const std::uint32_t> rated) const
        {
            const Index d = m_input.cols(), g = itemFeatureCount(), f = userFeatureCount();
            const LocalLinear l = localLinear(layers, x, v);
            BecauseYouRated b;
            const double n = static_cast<double>(std::max<std::size_t>(1, rated.size()));
            for (std::uint32_t j : rated) {
                double share = l.gradient.head(d).cast<double>().dot(m_input.row(j).cast<double>());
                if (g > 0)
                    share += l.gradient.segment(d, g).cast<double>().dot(m_itemFeatures->row(j).cast<double>());
                b.items.push_back({ j, share / n });
            }
            sortShares(b);
            addTowerOthers(b, l, x, d + g, f, layers.size());
            return b;
        }

        /// [mean E[rated] | mean item features[rated] | user features], as training builds it.
        RowMatrixXf towerInput(std::span<const std::uint32_t> rated, std::span<const float> userFeatures) const
        {
            const Index d = m_input.cols(), g = itemFeatureCount();
            RowMatrixXf x = RowMatrixXf::Zero(1, m_tower.inputSize());
            for (std::uint32_t j : rated) {
                x.block(0, 0, 1, d) += m_input.row(j);
                if (g > 0)
                    x.block(0, d, 1, g) += m_itemFeatures->row(j);
            }
            if (!rated.empty())
                x.block(0, 0, 1, d + g) /= static_cast<float>(rated.size());
            putFeatures(x, d + g, userFeatures);
            return x;
        }

        const RowMatrixXf& m_output;
        const RowMatrixXf& m_input;
        const RowMatrixXf& m_bias;
        const RowMatrixXf* m_itemFeatures;
        DenseStack m_tower;
    };

    /// scores = logits of decoder(ReLU layers([Σ W₁[rated] / √n | user features])); the sigmoid is
    /// monotone, so ranking by logits equals ranking by probability, and logits do not saturate at 1.
    class AutoencoderScorer final : public QueryScorer {
    public:
        explicit AutoencoderScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot)
            : QueryScorer(std::move(snapshot))
            , m_items(m_snapshot->itemEmbeddings())
            , m_stack(DenseStack::fromSnapshot(*m_snapshot, "decoder_"))
        {
            if (m_stack.inputSize() != m_items.cols() + userFeatureCount() || m_stack.outputSize() != m_items.rows())
                throw std::invalid_argument("autoencoder snapshot: embedding, feature and layer shapes disagree");
        }

        void scoreItems(std::uint32_t user, std::span<const std::uint32_t> rated, std::span<float> out) const override
        {
            checkOutput(out);
            const RowMatrixXf x = decoderInput(encode(rated), featuresOf(user));
            Eigen::Map<RowVectorXf>(out.data(), static_cast<Index>(out.size())) = m_stack.evaluate(x).row(0);
        }

        QueryVector queryVector(std::span<const PickedItem> picks, bool,
                                std::span<const float> userFeatures) const override
        {
            QueryVector q;
            q.userFeatures.assign(userFeatures.begin(), userFeatures.end());
            q.vector = encode(itemsOf(picks)).transpose();
            q.method = "encoder: sum of the picked items' rows / sqrt(n), no dropout";
            if (!userFeatures.empty())
                q.method += "; the user's attributes join it at the decoder";
            return q;
        }

        void scoreQuery(const QueryVector& query, std::span<float> out) const override
        {
            checkOutput(out);
            if (query.vector.size() != m_items.cols())
                throw std::invalid_argument("autoencoder: the query vector's length is not the embedding dimension");
            const RowMatrixXf x = decoderInput(query.vector.transpose(), query.userFeatures);
            Eigen::Map<VectorXf>(out.data(), static_cast<Index>(out.size())) = m_stack.evaluate(x).row(0).transpose();
        }

        void explain(std::uint32_t user, std::uint32_t item, std::span<const std::uint32_t> rated,
                     Explanation& e) const override
        {
            const std::vector<SnapshotLayer> layers = snapshotLayers(*m_snapshot, "decoder_");
            const Index d = m_items.cols(), f = userFeatureCount();
            const RowMatrixXf x = decoderInput(encode(rated), featuresOf(user));
            e.vectors.push_back({ "x: sum of the item embeddings (encoder rows) of the " + std::to_string(rated.size())
                                      + " rated items / √n",
                                  explanationValues(x.block(0, 0, 1, d)) });
            if (f > 0)
                explainFeatures(user, x, d, e);
            const RowVectorXf h = explainHiddenLayers(layers, x.row(0), e);
            const SnapshotLayer& out = layers.back();
            e.terms.push_back({ "b_j", "output bias of item row " + std::to_string(item), (*out.bias)(0, item) });
            addProducts(e, h, out.weight->col(item).transpose(), "h", "W",
                        layers.size() > 1 ? "unit"
                            : f > 0       ? "input"
                                          : "dimension");
            e.because = becauseYouRated(layers, x.row(0), item, rated);
            e.formula = "logit_j = b_j + Σ_k h_k·W_kj";
            if (f > 0)
                e.formula += layers.size() > 1 ? ", h from [x | u]" : ", h = [x | u]";
            e.formula += ";  P(j) = σ(logit_j)";
        }

        std::optional<double> probability(std::span<const float> scores, std::uint32_t item) const override
        {
            return 1.0 / (1.0 + std::exp(-static_cast<double>(scores[item])));
        }

    private:
        /// Item j's part of x is W₁[j] / √n, the sum's addend; the output bias b_j is part of c.
        BecauseYouRated becauseYouRated(const std::vector<SnapshotLayer>& layers, const RowVectorXf& x,
                                        std::uint32_t item, std::span<const std::uint32_t> rated) const
        {
            const Index d = m_items.cols();
            RowVectorXf direction = RowVectorXf::Zero(m_items.rows());
            direction(item) = 1;
            const LocalLinear l = localLinear(layers, x, direction);
            BecauseYouRated b;
            const double scale = 1 / std::sqrt(static_cast<double>(std::max<std::size_t>(1, rated.size())));
            for (std::uint32_t j : rated)
                b.items.push_back({ j, scale * l.gradient.head(d).cast<double>().dot(m_items.row(j).cast<double>()) });
            sortShares(b);
            addTowerOthers(b, l, x, d, userFeatureCount(), layers.size());
            return b;
        }

        /// The encoder without dropout: Σ W₁[rated] / √n.
        RowVectorXf encode(std::span<const std::uint32_t> rated) const
        {
            RowVectorXf h = RowVectorXf::Zero(m_items.cols());
            for (std::uint32_t j : rated)
                h += m_items.row(j);
            if (!rated.empty())
                h /= std::sqrt(static_cast<float>(rated.size()));
            return h;
        }

        /// [h | user features], the decoder's input.
        RowMatrixXf decoderInput(const RowVectorXf& h, std::span<const float> userFeatures) const
        {
            RowMatrixXf x = RowMatrixXf::Zero(1, m_stack.inputSize());
            x.block(0, 0, 1, h.size()) = h;
            putFeatures(x, h.size(), userFeatures);
            return x;
        }

        const RowMatrixXf& m_items;
        DenseStack m_stack;
    };

} // namespace

std::unique_ptr<ModelScorer> makeSoftmaxScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot)
{
    return std::make_unique<SoftmaxScorer>(std::move(snapshot));
}

std::unique_ptr<ModelScorer> makeAutoencoderScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot)
{
    return std::make_unique<AutoencoderScorer>(std::move(snapshot));
}

void scoreFromAttributes(std::shared_ptr<const EmbeddingSnapshot> snapshot, std::span<const std::uint32_t> ratedItems,
                         std::span<const float> userFeatures, std::span<float> out)
{
    if (!snapshot)
        throw std::invalid_argument("no model to score with");
    const std::optional<ModelKind> kind = findModelKind(snapshot->modelKind);
    if (!kind || !traitsOf(*kind).usesSideFeatures)
        throw std::invalid_argument("only " + modelNamesWhere(&ModelTraits::usesSideFeatures)
                                    + " models score a user from attributes, not '" + snapshot->modelKind + "'");
    std::vector<PickedItem> picks;
    for (std::uint32_t j : ratedItems)
        picks.push_back({ j, 1 });
    const auto scorer = makeScorer(std::move(snapshot));
    scorer->scoreQuery(scorer->queryVector(picks, true, userFeatures), out);
}

AttributeEncoding userAttributeEncoding(const EmbeddingSnapshot& snapshot)
{
    const auto it = snapshot.hyperparameters.find("user_feature_encoding");
    return it == snapshot.hyperparameters.end() ? AttributeEncoding() : AttributeEncoding::parse(it->second);
}

} // namespace embex::core
