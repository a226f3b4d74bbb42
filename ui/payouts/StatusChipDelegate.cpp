#include "StatusChipDelegate.h"

#include "payouts/EntryStatus.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace {

constexpr int kPadX = 8;   // inside the chip, left and right
constexpr int kGap = 5;    // between icon and words
constexpr int kMargin = 3; // between chip and cell edge

int iconSide(const QStyleOptionViewItem &option)
{
    return option.fontMetrics.height() - 2;
}

} // namespace

StatusChipDelegate::StatusChipDelegate(int toneRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_toneRole(toneRole)
{}

QSize StatusChipDelegate::sizeHint(const QStyleOptionViewItem &option,
                                   const QModelIndex &index) const
{
    const QString text = index.data(Qt::DisplayRole).toString();
    const int w = 2 * kMargin + 2 * kPadX + iconSide(option) + kGap +
                  option.fontMetrics.horizontalAdvance(text);
    const int h = option.fontMetrics.height() + 2 * kMargin + 6;
    return {w, qMax(h, QStyledItemDelegate::sizeHint(option, index).height())};
}

void StatusChipDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                               const QModelIndex &index) const
{
    // The cell's own background and selection first, as any other cell.
    QStyleOptionViewItem cell = option;
    initStyleOption(&cell, index);
    cell.text.clear();
    cell.icon = QIcon();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &cell, painter, widget);

    const QString text = index.data(Qt::DisplayRole).toString();
    const QIcon icon = index.data(Qt::DecorationRole).value<QIcon>();
    const auto tone = ChipTone(index.data(m_toneRole).toInt());
    const bool dark = option.palette.color(QPalette::Base).lightness() < 128;
    const auto [background, foreground] = EntryStatus::chipColors(tone, dark);

    const int side = iconSide(option);
    const QRect area = option.rect.adjusted(kMargin, kMargin, -kMargin, -kMargin);
    const int wanted = 2 * kPadX + side + kGap + option.fontMetrics.horizontalAdvance(text);
    const int width = qMin(area.width(), wanted);
    const int height = qMin(area.height(), option.fontMetrics.height() + 6);
    const QRect chip(area.left(), area.top() + (area.height() - height) / 2, width, height);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.addRoundedRect(QRectF(chip).adjusted(0.5, 0.5, -0.5, -0.5), height / 2.0, height / 2.0);
    painter->fillPath(path, background);
    painter->setPen(QPen(foreground.darker(dark ? 180 : 110), 1));
    painter->setOpacity(0.35);
    painter->drawPath(path);
    painter->setOpacity(1.0);

    const QRect iconRect(chip.left() + kPadX, chip.top() + (chip.height() - side) / 2, side, side);
    if (!icon.isNull())
        icon.paint(painter, iconRect);
    const QRect textRect(iconRect.right() + 1 + kGap, chip.top(),
                         chip.right() - kPadX - iconRect.right() - kGap + 2, chip.height());
    painter->setPen(foreground);
    painter->setFont(option.font);
    painter->drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft,
                      option.fontMetrics.elidedText(text, Qt::ElideRight, textRect.width()));
    painter->restore();
}
