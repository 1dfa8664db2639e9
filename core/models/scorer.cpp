// SPDX-License-Identifier: MIT
#include "core/models/scorer.h"

#include "core/models/hyperparameter_text.h"
#include "core/models/model_registry.h"

#include <stdexcept>

namespace embex::core {
namespace {

    /// r̂ = μ + b_u + b_i + p_u·q_i, each bias term only when the snapshot has it:
    /// dot+bias, ALS, and any model whose score is a plain dot product.
    class DotProductScorer final : public Scorer {
    public:
        explicit DotProductScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot)
            : m_snapshot(std::move(snapshot))
            , m_items(m_snapshot->itemEmbeddings())
            , m_users(m_snapshot->userEmbeddings())
            , m_itemBias(m_snapshot->parameter("item_bias"))
            , m_userBias(m_snapshot->parameter("user_bias"))
            , m_globalBias(m_snapshot->parameter("global_bias"))
        {
            if (m_users && m_users->cols() != m_items.cols())
                throw std::invalid_argument("user and item embeddings differ in dimension");
            const auto& h = m_snapshot->hyperparameters;
            if (auto it = h.find("y_squash"); it != h.end() && it->second == "true") {
                m_isSquashed = true;
                m_yMin = static_cast<float>(hyperparameterNumber(h, "y_min"));
                m_yMax = static_cast<float>(hyperparameterNumber(h, "y_max"));
            }
        }

        bool canScoreUsers() const override { return m_users != nullptr; }

        void scoreItems(std::uint32_t user, std::span<const std::uint32_t>, std::span<float> out) const override
        {
            if (!m_users || static_cast<Index>(user) >= m_users->rows())
                throw std::invalid_argument("user index out of range for this model");
            if (static_cast<Index>(out.size()) != m_items.rows())
                throw std::invalid_argument("output size must equal the item count");
            Eigen::Map<VectorXf> scores(out.data(), static_cast<Index>(out.size()));
            scores.noalias() = m_items * m_users->row(user).transpose();
            float offset = 0;
            if (m_userBias)
                offset += (*m_userBias)(user, 0);
            if (m_globalBias)
                offset += (*m_globalBias)(0, 0);
            scores.array() += offset;
            if (m_itemBias)
                scores += m_itemBias->col(0);
            if (m_isSquashed) // r̂ = lo + (hi − lo)·σ(z), the dotbias y-range
                scores = (m_yMin + (m_yMax - m_yMin) / (1.0f + (-scores.array()).exp())).matrix();
        }

    private:
        std::shared_ptr<const EmbeddingSnapshot> m_snapshot;
        const RowMatrixXf& m_items;
        const RowMatrixXf* m_users;
        const RowMatrixXf* m_itemBias;
        const RowMatrixXf* m_userBias;
        const RowMatrixXf* m_globalBias;
        bool m_isSquashed = false;
        float m_yMin = 0, m_yMax = 0;
    };

} // namespace

std::unique_ptr<Scorer> makeScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot)
{
    if (!snapshot || snapshot->itemEmbeddings().size() == 0)
        throw std::invalid_argument("a scorer needs a snapshot with an item embedding");
    if (const auto kind = findModelKind(snapshot->modelKind))
        return traitsOf(*kind).makeScorer(std::move(snapshot));
    return makeDotProductScorer(std::move(snapshot)); // imported item embeddings
}

std::unique_ptr<Scorer> makeDotProductScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot)
{
    return std::make_unique<DotProductScorer>(std::move(snapshot));
}

} // namespace embex::core
