// SPDX-License-Identifier: MIT
#include "core/models/neural_scorers.h"

#include "core/models/dense_stack.h"
#include "core/models/model_registry.h"

#include <cmath>
#include <stdexcept>

namespace embex::core {
namespace {

    const RowMatrixXf& required(const EmbeddingSnapshot& s, const char* name)
    {
        const RowMatrixXf* m = s.parameter(name);
        if (!m)
            throw std::invalid_argument(s.modelKind + " snapshot lacks the parameter '" + name + "'");
        return *m;
    }

    void checkOutput(std::span<float> out, Index items)
    {
        if (static_cast<Index>(out.size()) != items)
            throw std::invalid_argument("output size must equal the item count");
    }

    /// r̂ = MLP([p_u; q_i]). The first layer splits as W₀ = [W_u; W_i], so Q·W_i is computed once
    /// and a user costs one row plus the small layers per item.
    class MlpScorer final : public Scorer {
    public:
        explicit MlpScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot)
            : m_snapshot(std::move(snapshot))
            , m_users(required(*m_snapshot, "user_embedding"))
            , m_stack(DenseStack::fromSnapshot(*m_snapshot, "mlp_"))
        {
            const RowMatrixXf& items = m_snapshot->itemEmbeddings();
            const Index d = items.cols();
            const RowMatrixXf& w0 = required(*m_snapshot, "mlp_0_weight");
            if (m_users.cols() != d || w0.rows() != 2 * d || m_stack.outputSize() != 1)
                throw std::invalid_argument("mlp snapshot: embedding and layer shapes disagree");
            m_userWeights = w0.topRows(d);
            m_itemPart = items * w0.bottomRows(d);
            m_itemPart.rowwise() += required(*m_snapshot, "mlp_0_bias").row(0);
            for (std::size_t k = 1; k < m_stack.layerCount(); ++k) {
                const std::string name = "mlp_" + std::to_string(k);
                m_rest.push_back({ *m_snapshot->parameter(name + "_weight"), *m_snapshot->parameter(name + "_bias") });
            }
        }

        void scoreItems(std::uint32_t user, std::span<const std::uint32_t>, std::span<float> out) const override
        {
            if (static_cast<Index>(user) >= m_users.rows())
                throw std::invalid_argument("user index out of range for this model");
            checkOutput(out, m_itemPart.rows());
            RowMatrixXf a = m_itemPart;
            a.rowwise() += m_users.row(user) * m_userWeights;
            for (const auto& [w, b] : m_rest) {
                a = a.cwiseMax(0.0f);
                RowMatrixXf next = a * w;
                next.rowwise() += b.row(0);
                a = std::move(next);
            }
            Eigen::Map<VectorXf>(out.data(), static_cast<Index>(out.size())) = a.col(0);
        }

    private:
        std::shared_ptr<const EmbeddingSnapshot> m_snapshot;
        const RowMatrixXf& m_users;
        DenseStack m_stack;
        RowMatrixXf m_userWeights, m_itemPart;
        std::vector<std::pair<RowMatrixXf, RowMatrixXf>> m_rest;
    };

    /// A user's encoded attributes: their row of the snapshot's "user_features", or none (zeros).
    std::span<const float> featuresOf(const RowMatrixXf* features, std::uint32_t user)
    {
        if (!features || static_cast<Index>(user) >= features->rows())
            return {};
        return { features->row(user).data(), static_cast<std::size_t>(features->cols()) };
    }

    void putFeatures(RowMatrixXf& x, Index at, Index count, std::span<const float> features)
    {
        if (count == 0 || features.empty())
            return;
        if (static_cast<Index>(features.size()) != count)
            throw std::invalid_argument("the user has " + std::to_string(features.size())
                                        + " attribute features; the model was trained on " + std::to_string(count));
        x.block(0, at, 1, count) = Eigen::Map<const RowVectorXf>(features.data(), count);
    }

    /// Scorers that build the user from their items and, when trained with them, their attributes.
    class QueryScorer : public Scorer {
    public:
        explicit QueryScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot)
            : m_snapshot(std::move(snapshot))
            , m_userFeatures(m_snapshot->parameter("user_features"))
        {
        }
        void scoreItems(std::uint32_t user, std::span<const std::uint32_t> rated, std::span<float> out) const override
        {
            scoreQuery(rated, featuresOf(m_userFeatures, user), out);
        }
        /// userFeatures: userFeatureCount() numbers, or empty for an unknown user.
        virtual void scoreQuery(std::span<const std::uint32_t> rated, std::span<const float> userFeatures,
                                std::span<float> out) const = 0;

    protected:
        std::shared_ptr<const EmbeddingSnapshot> m_snapshot;
        const RowMatrixXf* m_userFeatures;
        Index userFeatureCount() const { return m_userFeatures ? m_userFeatures->cols() : 0; }
    };

    /// scores = V·tower([mean E[rated] | mean item features[rated] | user features]) + b: the user
    /// is their rated items (and attributes, when the model was trained with them).
    class SoftmaxScorer final : public QueryScorer {
    public:
        explicit SoftmaxScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot)
            : QueryScorer(std::move(snapshot))
            , m_output(m_snapshot->itemEmbeddings())
            , m_input(required(*m_snapshot, "input_embedding"))
            , m_bias(required(*m_snapshot, "item_bias"))
            , m_itemFeatures(m_snapshot->parameter("item_features"))
            , m_tower(DenseStack::fromSnapshot(*m_snapshot, "tower_"))
        {
            const Index g = m_itemFeatures ? m_itemFeatures->cols() : 0;
            if (m_input.rows() != m_output.rows() || m_tower.inputSize() != m_input.cols() + g + userFeatureCount()
                || m_tower.outputSize() != m_output.cols()
                || (m_itemFeatures && m_itemFeatures->rows() != m_input.rows()))
                throw std::invalid_argument("softmax snapshot: embedding, feature and tower shapes disagree");
        }

        void scoreQuery(std::span<const std::uint32_t> rated, std::span<const float> userFeatures,
                        std::span<float> out) const override
        {
            checkOutput(out, m_output.rows());
            const Index d = m_input.cols(), g = m_itemFeatures ? m_itemFeatures->cols() : 0;
            RowMatrixXf x = RowMatrixXf::Zero(1, m_tower.inputSize());
            for (std::uint32_t j : rated) {
                x.block(0, 0, 1, d) += m_input.row(j);
                if (g > 0)
                    x.block(0, d, 1, g) += m_itemFeatures->row(j);
            }
            if (!rated.empty())
                x.block(0, 0, 1, d + g) /= static_cast<float>(rated.size());
            putFeatures(x, d + g, userFeatureCount(), userFeatures);
            const RowMatrixXf psi = m_tower.evaluate(x);
            Eigen::Map<VectorXf> scores(out.data(), static_cast<Index>(out.size()));
            scores.noalias() = m_output * psi.row(0).transpose();
            scores += m_bias.col(0);
        }

    private:
        const RowMatrixXf& m_output;
        const RowMatrixXf& m_input;
        const RowMatrixXf& m_bias;
        const RowMatrixXf* m_itemFeatures;
        DenseStack m_tower;
    };

    /// scores = logits of decoder(ReLU layers(Σ W₁[rated] / √n)); the sigmoid is monotone, so
    /// ranking by logits equals ranking by probability, and logits do not saturate at 1.
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

        void scoreQuery(std::span<const std::uint32_t> rated, std::span<const float> userFeatures,
                        std::span<float> out) const override
        {
            checkOutput(out, m_items.rows());
            const Index d = m_items.cols();
            RowMatrixXf x = RowMatrixXf::Zero(1, m_stack.inputSize());
            for (std::uint32_t j : rated)
                x.block(0, 0, 1, d) += m_items.row(j);
            if (!rated.empty())
                x.block(0, 0, 1, d) /= std::sqrt(static_cast<float>(rated.size()));
            putFeatures(x, d, userFeatureCount(), userFeatures);
            Eigen::Map<RowVectorXf>(out.data(), static_cast<Index>(out.size())) = m_stack.evaluate(x).row(0);
        }

    private:
        const RowMatrixXf& m_items;
        DenseStack m_stack;
    };

} // namespace

std::unique_ptr<Scorer> makeMlpScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot)
{
    return std::make_unique<MlpScorer>(std::move(snapshot));
}

std::unique_ptr<Scorer> makeSoftmaxScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot)
{
    return std::make_unique<SoftmaxScorer>(std::move(snapshot));
}

std::unique_ptr<Scorer> makeAutoencoderScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot)
{
    return std::make_unique<AutoencoderScorer>(std::move(snapshot));
}

void scoreFromAttributes(std::shared_ptr<const EmbeddingSnapshot> snapshot, std::span<const std::uint32_t> ratedItems,
                         std::span<const float> userFeatures, std::span<float> out)
{
    if (!snapshot)
        throw std::invalid_argument("no model to score with");
    std::unique_ptr<QueryScorer> scorer;
    if (snapshot->modelKind == modelName(ModelKind::Softmax))
        scorer = std::make_unique<SoftmaxScorer>(std::move(snapshot));
    else if (snapshot->modelKind == modelName(ModelKind::Autoencoder))
        scorer = std::make_unique<AutoencoderScorer>(std::move(snapshot));
    else
        throw std::invalid_argument("only the softmax and the autoencoder score a user from attributes, not '"
                                    + snapshot->modelKind + "'");
    scorer->scoreQuery(ratedItems, userFeatures, out);
}

AttributeEncoding userAttributeEncoding(const EmbeddingSnapshot& snapshot)
{
    const auto it = snapshot.hyperparameters.find("user_feature_encoding");
    return it == snapshot.hyperparameters.end() ? AttributeEncoding() : AttributeEncoding::parse(it->second);
}

} // namespace embex::core
