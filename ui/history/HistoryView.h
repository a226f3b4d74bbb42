#pragma once

#include "util/Error.h"

#include <QDate>
#include <QWidget>

class AsyncLedgerReader;
class Clock;
class DialogPrompter;
class EmptyState;
class HistoryModel;
class LedgerWatcher;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTreeView;
class WeeklyChart;

// History: what has been paid, grouped by Stripe transfer, a chart of the
// amounts paid per week, and a CSV export of the transfers as shown. Like
// the scheduled view it refreshes live, or when shown if it was hidden.
// Reading up to 100,000 paid entries takes long on a large ledger, so it
// happens on AsyncLedgerReader's thread (grouping too); the view says
// "Loading…" meanwhile and keeps what it showed on a live refresh.
class HistoryView final : public QWidget
{
    Q_OBJECT
public:
    HistoryView(AsyncLedgerReader &reader, LedgerWatcher &watcher, Clock &clock,
                DialogPrompter &prompter, QWidget *parent = nullptr);

    void setArtist(const QString &artist);
    HistoryModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    WeeklyChart *chart() const { return m_chart; }
    // From a refresh until its result is shown.
    bool isLoading() const { return m_loading; }

public Q_SLOTS:
    void refresh();
    // Asks where to save (through the prompter) and writes the CSV; returns
    // false when cancelled or on a write error (which is shown).
    bool exportCsv();
    // Opens the Statement dialog (non-modal); saving it calls saveStatement.
    void chooseStatement();
    // Asks where to save (through the prompter), computes the artist's
    // statement for [from, to] off the GUI thread and writes it as PDF or
    // CSV; statementSaved follows. False when cancelled or nothing to do.
    bool saveStatement(const QDate &from, const QDate &to, bool pdf);

Q_SIGNALS:
    // A read finished and is shown (or failed, and that is shown).
    void refreshed();
    // A statement was written to path (ok), or could not be (shown).
    void statementSaved(const QString &path, bool ok);

public:
    // The least height the view needs at a width (its tables shrink first),
    // not the height it would like: the window's scroll area scrolls only
    // when the view cannot fit.
    int heightForWidth(int width) const override;

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Loaded;
    void onLedgerChanged();
    void showLoaded(const Result<Loaded> &loaded);

    AsyncLedgerReader &m_reader;
    QString m_channel; // this view's, on a reader windows may share
    Clock &m_clock;
    DialogPrompter &m_prompter;
    QString m_artist;
    bool m_stale = false;
    bool m_loading = false;
    HistoryModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTreeView *m_tree = nullptr;
    WeeklyChart *m_chart = nullptr;
    QLabel *m_summary = nullptr;
    EmptyState *m_empty = nullptr;
    QPushButton *m_export = nullptr;
    QPushButton *m_statement = nullptr;
};
