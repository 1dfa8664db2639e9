// SPDX-License-Identifier: MIT
#include "core/models/neural_scorers.h"

#include "core/models/dense_stack.h"

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

    /// scores = V·tower(mean E[rated]) + b: the user is their rated items.
    class SoftmaxScorer final : public Scorer {
    public:
        explicit SoftmaxScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot)
            : m_snapshot(std::move(snapshot))
            , m_output(m_snapshot->itemEmbeddings())
            , m_input(required(*m_snapshot, "input_embedding"))
            , m_bias(required(*m_snapshot, "item_bias"))
            , m_tower(DenseStack::fromSnapshot(*m_snapshot, "tower_"))
        {
            if (m_input.rows() != m_output.rows() || m_tower.inputSize() != m_input.cols()
                || m_tower.outputSize() != m_output.cols())
                throw std::invalid_argument("softmax snapshot: embedding and tower shapes disagree");
        }

        void scoreItems(std::uint32_t, std::span<const std::uint32_t> rated, std::span<float> out) const override
        {
            checkOutput(out, m_output.rows());
            RowMatrixXf x = RowMatrixXf::Zero(1, m_input.cols());
            for (std::uint32_t j : rated)
                x += m_input.row(j);
            if (!rated.empty())
                x /= static_cast<float>(rated.size());
            const RowMatrixXf psi = m_tower.evaluate(x);
            Eigen::Map<VectorXf> scores(out.data(), static_cast<Index>(out.size()));
            scores.noalias() = m_output * psi.row(0).transpose();
            scores += m_bias.col(0);
        }

    private:
        std::shared_ptr<const EmbeddingSnapshot> m_snapshot;
        const RowMatrixXf& m_output;
        const RowMatrixXf& m_input;
        const RowMatrixXf& m_bias;
        DenseStack m_tower;
    };

    /// scores = logits of decoder(ReLU layers(Σ W₁[rated] / √n)); the sigmoid is monotone, so
    /// ranking by logits equals ranking by probability, and logits do not saturate at 1.
    class AutoencoderScorer final : public Scorer {
    public:
        explicit AutoencoderScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot)
            : m_snapshot(std::move(snapshot))
            , m_items(m_snapshot->itemEmbeddings())
            , m_stack(DenseStack::fromSnapshot(*m_snapshot, "decoder_"))
        {
            if (m_stack.inputSize() != m_items.cols() || m_stack.outputSize() != m_items.rows())
                throw std::invalid_argument("autoencoder snapshot: embedding and layer shapes disagree");
        }

        void scoreItems(std::uint32_t, std::span<const std::uint32_t> rated, std::span<float> out) const override
        {
            checkOutput(out, m_items.rows());
            RowMatrixXf x = RowMatrixXf::Zero(1, m_items.cols());
            for (std::uint32_t j : rated)
                x += m_items.row(j);
            if (!rated.empty())
                x /= std::sqrt(static_cast<float>(rated.size()));
            Eigen::Map<RowVectorXf>(out.data(), static_cast<Index>(out.size())) = m_stack.evaluate(x).row(0);
        }

    private:
        std::shared_ptr<const EmbeddingSnapshot> m_snapshot;
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

} // namespace embex::core
