#pragma once

#include <QObject>
#include <QPointer>

class QAbstractItemView;
class QLabel;

// The words a table shows while it has no rows: what the empty table means
// and what to do about it ("No sales yet: ..."), centred on the view's
// viewport and hidden as soon as a row arrives. The label is named after the
// view ("scheduledTableEmpty") so tests and screen readers find it.
class EmptyState final : public QObject
{
    Q_OBJECT
public:
    EmptyState(QAbstractItemView *view, const QString &text);

    void setText(const QString &text);
    QString text() const;
    // Shown now: the view has no rows (and its text is not empty).
    bool isShown() const;
    QLabel *label() const { return m_label; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void update();
    void place();

    QPointer<QAbstractItemView> m_view;
    QLabel *m_label = nullptr;
};
