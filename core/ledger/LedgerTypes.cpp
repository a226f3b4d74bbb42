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
    return kind == EntryKind::Commission ? QStringLiteral("commission") : QStringLiteral("sale");
}

std::optional<EntryKind> entryKindFromString(QStringView s)
{
    if (s == u"sale")
        return EntryKind::Sale;
    if (s == u"commission")
        return EntryKind::Commission;
    return std::nullopt;
}
