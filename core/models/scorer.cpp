// SPDX-License-Identifier: MIT
#include "core/models/scorer.h"

#include "core/models/dot_bias_model.h"
#include "core/models/dot_fold_in.h"
#include "core/models/hyperparameter_text.h"
#include "core/models/model_registry.h"

#include <stdexcept>

namespace embex::core {
namespace {

    /// r̂ = μ + b_u + b_i + p_u·q_i, each bias term only when the snapshot has it:
    /// dot+bias, ALS, and item vectors imported from a file.
    class DotProductScorer final : public ModelScorer {
    public:
        DotProductScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot, const DotFoldIn& foldIn)
            : m_snapshot(std::move(snapshot))
            , m_foldIn(foldIn)
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
                const double low = hyperparameterNumber(h, "y_min"), high = hyperparameterNumber(h, "y_max");
                m_yMin = static_cast<float>(low);
                m_yMax = static_cast<float>(high);
                m_ySpan = static_cast<float>(high - low);
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

        bool scoreBlock(std::uint32_t firstUser, Index firstItem, Eigen::Ref<RowMatrixXf> out) const override
        {
            if (!m_users)
                return false;
            const Index users = out.rows(), items = out.cols();
            out.noalias() = m_users->middleRows(firstUser, users) * m_items.middleRows(firstItem, items).transpose();
            // the terms in scoreItems' order, so a score rounds alike; one pass over the block
            for (Index r = 0; r < users; ++r) {
                float offset = 0;
                if (m_userBias)
                    offset += (*m_userBias)(firstUser + r, 0);
                if (m_globalBias)
                    offset += (*m_globalBias)(0, 0);
                if (m_itemBias)
                    out.row(r).array() = (out.row(r).array() + offset)
                        + m_itemBias->col(0).segment(firstItem, items).transpose().array();
                else
                    out.row(r).array() += offset;
            }
            if (m_isSquashed)
                out = (m_yMin + (m_yMax - m_yMin) / (1.0f + (-out.array()).exp())).matrix();
            return true;
        }

        QueryVector queryVector(std::span<const PickedItem> picks, bool implicitData,
                                std::span<const float> userFeatures) const override
        {
            QueryVector q = dotProductFoldIn(*m_snapshot, m_foldIn, picks, implicitData);
            q.userFeatures.assign(userFeatures.begin(), userFeatures.end());
            return q;
        }

        void scoreQuery(const QueryVector& query, std::span<float> out) const override
        {
            if (static_cast<Index>(out.size()) != m_items.rows())
                throw std::invalid_argument("output size must equal the item count");
            Eigen::Map<VectorXf> scores(out.data(), static_cast<Index>(out.size()));
            scores.noalias() = m_items * query.vector;
            const float mu = m_globalBias && m_globalBias->size() > 0 ? (*m_globalBias)(0, 0) : 0.0f;
            scores.array() += mu + query.bias;
            if (m_itemBias)
                scores += m_itemBias->col(0);
            if (m_isSquashed)
                scores = (m_yMin + m_ySpan / (1.0f + (-scores.array()).exp())).matrix();
        }

        void explain(std::uint32_t user, std::uint32_t item, std::span<const std::uint32_t>,
                     Explanation& e) const override
        {
            if (!m_users)
                throw std::invalid_argument("this model has no user vectors, so it cannot explain a user's score");
            if (user >= m_users->rows())
                throw std::invalid_argument("user index out of range for this model");
            const RowVectorXf p = m_users->row(user), q = m_items.row(item);
            e.vectors.push_back({ "p_u: user embedding, row " + std::to_string(user), explanationValues(p) });
            e.vectors.push_back({ "q_i: item embedding, row " + std::to_string(item), explanationValues(q) });
            e.formula = "r̂ =";
            if (m_globalBias) {
                e.terms.push_back({ "μ", "global bias", (*m_globalBias)(0, 0) });
                e.formula += " μ +";
            }
            if (m_userBias) {
                e.terms.push_back({ "b_u", "user bias, row " + std::to_string(user), (*m_userBias)(user, 0) });
                e.formula += " b_u +";
            }
            if (m_itemBias) {
                e.terms.push_back({ "b_i", "item bias, row " + std::to_string(item), (*m_itemBias)(item, 0) });
                e.formula += " b_i +";
            }
            e.formula += " Σ_k p_uk·q_ik";
            addProducts(e, p, q, "p", "q", "dimension");
            if (m_isSquashed) {
                const auto& h = m_snapshot->hyperparameters;
                e.squash = Explanation::Squash { hyperparameterNumber(h, "y_min"), hyperparameterNumber(h, "y_max") };
                e.formula = "z = " + e.formula.substr(std::string("r̂ = ").size()) + ";  r̂ = lo + (hi − lo)·σ(z)";
            }
        }

        std::optional<double> probability(std::span<const float>, std::uint32_t) const override
        {
            return std::nullopt; // a predicted rating, or on likes a score with no probability model
        }

    private:
        std::shared_ptr<const EmbeddingSnapshot> m_snapshot;
        DotFoldIn m_foldIn;
        const RowMatrixXf& m_items;
        const RowMatrixXf* m_users;
        const RowMatrixXf* m_itemBias;
        const RowMatrixXf* m_userBias;
        const RowMatrixXf* m_globalBias;
        bool m_isSquashed = false;
        // y_max − y_min in float (scoreItems) and in double, then rounded (scoreQuery): each
        // path keeps the rounding it has always had.
        float m_yMin = 0, m_yMax = 0, m_ySpan = 0;
    };

} // namespace

std::unique_ptr<ModelScorer> makeScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot)
{
    if (!snapshot || snapshot->itemEmbeddings().size() == 0)
        throw std::invalid_argument("a scorer needs a snapshot with an item embedding");
    if (const auto kind = findModelKind(snapshot->modelKind))
        return traitsOf(*kind).makeScorer(std::move(snapshot));
    // Item vectors from a file carry no training λ: a light ridge, and likes weighed as dot+bias trains on them.
    if (snapshot->modelKind == importedModelKind)
        return makeDotProductScorer(
            std::move(snapshot),
            { .regularizationFallback = 0.1, .implicitNegatives = DotBiasModel::implicitNegatives });
    throw std::invalid_argument("the model kind '" + snapshot->modelKind + "' is not one this version knows ("
                                + modelNameList() + " or " + std::string(importedModelKind) + ")");
}

std::unique_ptr<ModelScorer> makeDotProductScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot,
                                                  const DotFoldIn& foldIn)
{
    return std::make_unique<DotProductScorer>(std::move(snapshot), foldIn);
}

} // namespace embex::core
