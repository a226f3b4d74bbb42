#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

class FormParams;

// A rejected parameter, in the shape of Stripe's 400 invalid_request_error.
struct ParamError
{
    QString code;
    QString message;
    QString param;
};

// The parameters every Stripe list route shares (limit, starting_after,
// ending_before, created[gt|gte|lt|lte]) and the paging rule they imply, so
// /v1/transfers and /v1/events page identically. Objects are addressed by
// their storage index, oldest first; lists come out newest first.
class ListQuery final
{
public:
    struct Page
    {
        QList<qsizetype> items; // storage indexes, newest first
        bool hasMore = false;
    };

    // `index` maps object ids to storage indexes (to resolve cursors); `noun`
    // names the object in "No such ..." messages.
    static std::optional<ParamError> parse(const FormParams &query,
                                           const QHash<QString, qsizetype> &index,
                                           const QString &noun, ListQuery *out);
    bool createdMatches(qint64 created) const;
    // `ascending`: storage indexes, oldest first, of the objects that pass
    // the route's filters. The cursor need not pass them itself.
    Page paginate(const QList<qsizetype> &ascending) const;
    static QJsonObject listJson(const QJsonArray &data, bool hasMore, const QString &url);

    int limit = 10;
    std::optional<qsizetype> startingAfter;
    std::optional<qsizetype> endingBefore;
    std::optional<qint64> createdGt, createdGte, createdLt, createdLte;
};
