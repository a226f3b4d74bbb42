#pragma once

#include "util/Error.h"

#include <QAbstractTableModel>
#include <QLocale>

class LedgerReader;

// The admin's overview: every artist, per currency, with the money pending,
// processing, on hold, paid and refunded after payout, from the ledger's balances index (one
// indexed table, so ten thousand artists load in milliseconds) and the
// artist's linked account. An artist with an account but no money yet has
// one row without a currency.
class ArtistTotalsModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Artist,
        Account,
        Currency,
        Pending,
        Processing,
        OnHold,
        Paid,
        Refunded, // refunded after payout: reversing, reversed or clawed back
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role { RawRole = Qt::UserRole + 1, ArtistIdRole };

    struct Row
    {
        QString artist;
        QString account;
        QString currency;
        qint64 pendingMinor = 0;
        qint64 sendingMinor = 0;
        qint64 heldMinor = 0;
        qint64 paidMinor = 0;
        qint64 reversingMinor = 0;
        qint64 reversedMinor = 0;
        qint64 clawbackMinor = 0;
    };

    explicit ArtistTotalsModel(QObject *parent = nullptr);

    // Every artist's totals: tens of milliseconds on a large ledger, so the
    // window runs it on AsyncLedgerReader's thread and only apply() here.
    static Result<QList<Row>> read(LedgerReader &reader);
    // Merges fresh rows in place (selection survives).
    void apply(const QList<Row> &fresh);
    // read() then apply() on the caller's thread; emits loadFailed on error.
    bool reload(LedgerReader &reader);
    void setLocale(const QLocale &locale);
    const Row &rowAt(int row) const { return m_rows.at(row); }
    QStringList artistIds() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loadFailed(const QString &message);

private:
    QLocale m_locale;
    QList<Row> m_rows;
};

Q_DECLARE_METATYPE(ArtistTotalsModel::Row)
