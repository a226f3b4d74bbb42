#include "LedgerTypes.h"

QString stateName(EntryState state)
{
    switch (state) {
    case EntryState::Pending:
        return QStringLiteral("pending");
    case EntryState::Sending:
        return QStringLiteral("sending");
    case EntryState::Paid:
        return QStringLiteral("paid");
    case EntryState::Held:
        return QStringLiteral("held");
    case EntryState::Void:
        return QStringLiteral("void");
    case EntryState::Reversing:
        return QStringLiteral("reversing");
    case EntryState::Reversed:
        return QStringLiteral("reversed");
    case EntryState::Clawback:
        return QStringLiteral("clawback");
    }
    return {};
}

std::optional<EntryState> entryStateFromString(QStringView s)
{
    for (EntryState st : kAllEntryStates)
        if (s == stateName(st))
            return st;
    return std::nullopt;
}

QString kindName(EntryKind kind)
{
    switch (kind) {
    case EntryKind::Sale:
        return QStringLiteral("sale");
    case EntryKind::Commission:
        return QStringLiteral("commission");
    case EntryKind::Clawback:
        return QStringLiteral("clawback");
    }
    return {};
}

std::optional<EntryKind> entryKindFromString(QStringView s)
{
    if (s == u"sale")
        return EntryKind::Sale;
    if (s == u"commission")
        return EntryKind::Commission;
    if (s == u"clawback")
        return EntryKind::Clawback;
    return std::nullopt;
}

QString trackLabel(const QString &title, const QString &track)
{
    if (title.isEmpty())
        return track;
    if (track.isEmpty())
        return title;
    return QStringLiteral("%1 (%2)").arg(title, track);
}

QString shownReference(const Entry &e)
{
    const QString label = trackLabel(e.title, e.track);
    return label.isEmpty() ? e.reference : label;
}
