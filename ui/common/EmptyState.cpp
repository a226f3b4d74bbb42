#include "EmptyState.h"

#include <QAbstractItemModel>
#include <QAbstractItemView>
#include <QEvent>
#include <QLabel>

EmptyState::EmptyState(QAbstractItemView *view, const QString &text)
    : QObject(view)
    , m_view(view)
{
    m_label = new QLabel(text, view->viewport());
    m_label->setObjectName(view->objectName() + u"Empty");
    m_label->setAlignment(Qt::AlignCenter);
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    m_label->setForegroundRole(QPalette::PlaceholderText);
    m_label->setMargin(12);
    // Clicks go to the view (a context menu, a selection), not the words.
    m_label->setAttribute(Qt::WA_TransparentForMouseEvents);
    view->viewport()->installEventFilter(this);
    if (QAbstractItemModel *model = view->model()) {
        for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
            connect(model, signal, this, &EmptyState::update);
        connect(model, &QAbstractItemModel::modelReset, this, &EmptyState::update);
        connect(model, &QAbstractItemModel::layoutChanged, this, &EmptyState::update);
    }
    update();
}

void EmptyState::setText(const QString &text)
{
    m_label->setText(text);
    update();
}

QString EmptyState::text() const
{
    return m_label->text();
}

bool EmptyState::isShown() const
{
    return !m_label->isHidden();
}

bool EmptyState::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize)
        place();
    return QObject::eventFilter(watched, event);
}

void EmptyState::update()
{
    const QAbstractItemModel *model = m_view ? m_view->model() : nullptr;
    const bool empty = !model || model->rowCount() == 0;
    m_label->setVisible(empty && !m_label->text().isEmpty());
    place();
}

void EmptyState::place()
{
    if (m_view)
        m_label->setGeometry(m_view->viewport()->rect());
}
