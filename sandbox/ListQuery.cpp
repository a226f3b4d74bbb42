#include "ListQuery.h"

#include "FormParams.h"

#include <algorithm>

using namespace Qt::StringLiterals;

std::optional<ParamError> ListQuery::parse(const FormParams &query,
                                           const QHash<QString, qsizetype> &index,
                                           const QString &noun, ListQuery *out)
{
    if (query.contains(u"limit"_s)) {
        const QString text = query.value(u"limit"_s);
        const auto limit = FormParams::parseInteger(text);
        if (!limit)
            return ParamError{u"parameter_invalid_integer"_s, u"Invalid integer: "_s + text,
                              u"limit"_s};
        if (*limit < 1 || *limit > 100) {
            return ParamError{{},
                              *limit < 1 ? u"This value must be greater than or equal to 1."_s
                                         : u"This value must be less than or equal to 100."_s,
                              u"limit"_s};
        }
        out->limit = int(*limit);
    }

    const QString after = query.value(u"starting_after"_s);
    const QString before = query.value(u"ending_before"_s);
    if (!after.isEmpty() && !before.isEmpty()) {
        return ParamError{{},
                          u"You may only specify one of these parameters: ending_before, "
                          "starting_after."_s,
                          u"ending_before"_s};
    }
    const QString cursor = after.isEmpty() ? before : after;
    if (!cursor.isEmpty()) {
        const auto it = index.constFind(cursor);
        const QString param = after.isEmpty() ? u"ending_before"_s : u"starting_after"_s;
        if (it == index.constEnd()) {
            return ParamError{u"resource_missing"_s,
                              u"No such "_s + noun + u": '"_s + cursor + u"'"_s, param};
        }
        (after.isEmpty() ? out->endingBefore : out->startingAfter) = *it;
    }

    if (query.badNesting(u"created"_s))
        return ParamError{{}, u"Invalid created: must be an integer or a hash."_s, u"created"_s};
    if (query.contains(u"created"_s)) {
        const auto exact = FormParams::parseInteger(query.value(u"created"_s));
        if (!exact)
            return ParamError{u"parameter_invalid_integer"_s,
                              u"Invalid integer: "_s + query.value(u"created"_s), u"created"_s};
        out->createdGte = out->createdLte = *exact;
    }
    const QMap<QString, QString> created = query.hash(u"created"_s);
    for (auto it = created.cbegin(); it != created.cend(); ++it) {
        const QString param = u"created["_s + it.key() + u"]"_s;
        const auto value = FormParams::parseInteger(it.value());
        std::optional<qint64> *slot = it.key() == u"gt"    ? &out->createdGt
                                      : it.key() == u"gte" ? &out->createdGte
                                      : it.key() == u"lt"  ? &out->createdLt
                                      : it.key() == u"lte" ? &out->createdLte
                                                           : nullptr;
        if (!slot)
            return ParamError{u"parameter_unknown"_s, u"Received unknown parameter: "_s + param,
                              param};
        if (!value)
            return ParamError{u"parameter_invalid_integer"_s, u"Invalid integer: "_s + it.value(),
                              param};
        *slot = *value;
    }
    return std::nullopt;
}

bool ListQuery::createdMatches(qint64 created) const
{
    return (!createdGt || created > *createdGt) && (!createdGte || created >= *createdGte) &&
           (!createdLt || created < *createdLt) && (!createdLte || created <= *createdLte);
}

ListQuery::Page ListQuery::paginate(const QList<qsizetype> &ascending) const
{
    // starting_after pages towards older objects, ending_before towards newer
    // ones; either way the page is the run of objects adjacent to the cursor.
    Page page;
    if (endingBefore) {
        const auto first = std::upper_bound(ascending.cbegin(), ascending.cend(), *endingBefore);
        const qsizetype newer = ascending.cend() - first;
        const qsizetype take = std::min<qsizetype>(newer, limit);
        for (qsizetype i = take - 1; i >= 0; --i)
            page.items.append(*(first + i));
        page.hasMore = newer > take;
        return page;
    }
    const auto end = startingAfter
                         ? std::lower_bound(ascending.cbegin(), ascending.cend(), *startingAfter)
                         : ascending.cend();
    const qsizetype older = end - ascending.cbegin();
    const qsizetype take = std::min<qsizetype>(older, limit);
    for (qsizetype i = 1; i <= take; ++i)
        page.items.append(*(end - i));
    page.hasMore = older > take;
    return page;
}

QJsonObject ListQuery::listJson(const QJsonArray &data, bool hasMore, const QString &url)
{
    QJsonObject list;
    list.insert(u"object"_s, u"list"_s);
    list.insert(u"data"_s, data);
    list.insert(u"has_more"_s, hasMore);
    list.insert(u"url"_s, url);
    return list;
}
