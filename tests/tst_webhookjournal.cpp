#include "intake/WebhookJournal.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

using namespace WebhookJournal;

// The webhook journal's files on a real disk: what a writer appended is read
// back in order after a restart; a torn last frame (a crash mid-write, none
// of its requests answered) is cut off; damage before answered events is
// refused, never skipped; one writer per journal; applied segments go.
class TestWebhookJournal final : public QObject
{
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_dir;
    int m_n = 0;

    static constexpr qint64 kAll = std::numeric_limits<qint64>::max();

    static QByteArray body(int n) { return "{\"id\":\"evt_" + QByteArray::number(n) + "\"}"; }
    QList<Record> readAll(qint64 after = 0)
    {
        Reader reader(m_dir);
        const Result<QList<Record>> r = reader.read(after, kAll, 1'000'000);
        if (!r)
            qFatal("cannot read the journal: %s", qPrintable(r.error().message));
        return *r;
    }
    QStringList segmentFiles() const
    {
        return QDir(m_dir).entryList({QStringLiteral("seg-*.log")}, QDir::Files, QDir::Name);
    }
    QString newestSegment() const { return QDir(m_dir).filePath(segmentFiles().constLast()); }
    void writeAt(qint64 offset, const QByteArray &bytes) const
    {
        QFile seg(newestSegment());
        QVERIFY(seg.open(QIODevice::ReadWrite));
        QVERIFY(seg.seek(offset));
        QCOMPARE(seg.write(bytes), bytes.size());
    }

private Q_SLOTS:
    void init() { m_dir = m_tmp.filePath(QStringLiteral("j%1").arg(++m_n)); }

    void appendsAndReadsBackInOrderAfterARestart()
    {
        {
            auto w = Writer::open(m_dir).value();
            QCOMPARE(w->lastSeq(), 0);
            QCOMPARE(w->append({body(1), body(2), body(3)}, 1000).value(), 1);
            QCOMPARE(w->append({body(4)}, 2000).value(), 4);
            QCOMPARE(w->lastSeq(), 4);
        }
        auto w = Writer::open(m_dir).value();
        QCOMPARE(w->lastSeq(), 4);
        QCOMPARE(w->append({body(5)}, 3000).value(), 5);

        const QList<Record> all = readAll();
        QCOMPARE(all.size(), 5);
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(all.at(i).seq, i + 1);
            QCOMPARE(all.at(i).body, body(i + 1));
        }
        QCOMPARE(all.at(0).receivedAtMs, 1000);
        QCOMPARE(all.at(4).receivedAtMs, 3000);

        // From the middle of a frame, a few at a time, as the applier reads.
        Reader reader(m_dir);
        const QList<Record> two = reader.read(1, kAll, 2).value();
        QCOMPARE(two.size(), 2);
        QCOMPARE(two.at(0).seq, 2);
        QCOMPARE(reader.read(3, kAll, 10).value().size(), 2);
        // Nothing beyond what the writer said is durable.
        QCOMPARE(reader.read(0, 3, 10).value().size(), 3);
    }

    void aTornLastFrameIsCutOffAtOpen()
    {
        qint64 secondFrameEnd = 0;
        {
            auto w = Writer::open(m_dir).value();
            QVERIFY(w->append({body(1), body(2)}, 1000));
            QVERIFY(w->append({body(3), body(4)}, 2000));
            secondFrameEnd = 2 * 32 + 4 * (4 + body(1).size());
        }
        // The crash hit in the middle of the second frame's write: its last
        // bytes never reached the disk.
        writeAt(secondFrameEnd - 7, QByteArray(7, '\0'));

        auto w = Writer::open(m_dir).value();
        QCOMPARE(w->lastSeq(), 2);
        QCOMPARE(w->append({body(5)}, 3000).value(), 3);
        const QList<Record> all = readAll();
        QCOMPARE(all.size(), 3);
        QCOMPARE(all.at(2).body, body(5));
    }

    void aFrameWhoseHeaderNeverReachedTheDiskIsClearedAtOpen()
    {
        const qint64 firstFrameEnd = 32 + 4 + body(1).size();
        {
            auto w = Writer::open(m_dir).value();
            QVERIFY(w->append({body(1)}, 1000));
            QList<QByteArray> many;
            for (int i = 2; i <= 20; ++i)
                many.append(body(i));
            QVERIFY(w->append(many, 2000));
        }
        // Sectors persist in any order: the second frame's body is on disk,
        // its header is not.
        writeAt(firstFrameEnd, QByteArray(32, '\0'));
        {
            auto w = Writer::open(m_dir).value();
            QCOMPARE(w->lastSeq(), 1);
            // A shorter frame now where the lost one began; what was left of
            // the lost one after it must not read as the journal's next frame.
            QCOMPARE(w->append({"{}"}, 3000).value(), 2);
        }
        auto w = Writer::open(m_dir).value();
        QCOMPARE(w->lastSeq(), 2);
        QCOMPARE(w->append({body(9)}, 4000).value(), 3);
        const QList<Record> all = readAll();
        QCOMPARE(all.size(), 3);
        QCOMPARE(all.at(1).body, QByteArray("{}"));
        QCOMPARE(all.at(2).body, body(9));
    }

    void damageBeforeAnsweredEventsIsRefused()
    {
        {
            auto w = Writer::open(m_dir).value();
            QVERIFY(w->append({body(1)}, 1000));
            QVERIFY(w->append({body(2)}, 2000));
        }
        // One byte of the first frame's body rots; the second frame is whole.
        QFile seg(newestSegment());
        QVERIFY(seg.open(QIODevice::ReadWrite));
        const qint64 size = seg.size();
        QVERIFY(seg.seek(40));
        QVERIFY(seg.putChar('X'));
        seg.close();

        const auto w = Writer::open(m_dir);
        QVERIFY(!w);
        QVERIFY2(w.error().message.contains(u"damaged"), qPrintable(w.error().message));
        QCOMPARE(QFileInfo(newestSegment()).size(), size); // left for the admin
        Reader reader(m_dir);
        QVERIFY(!reader.read(0, kAll, 10));
    }

    void oneWriterPerJournal()
    {
        auto first = Writer::open(m_dir).value();
        const auto second = Writer::open(m_dir);
        QVERIFY(!second);
        QCOMPARE(second.error().kind, Error::Kind::Conflict);
        first.reset();
        QVERIFY(Writer::open(m_dir));
    }

    void segmentsRollAndAppliedOnesAreDropped()
    {
        auto w = Writer::open(m_dir, 64).value(); // a new segment after every frame
        for (int i = 1; i <= 4; ++i)
            QVERIFY(w->append({body(2 * i - 1), body(2 * i)}, 1000 * i));
        QCOMPARE(segmentFiles().size(), 4);
        QCOMPARE(readAll().size(), 8);
        QCOMPARE(readAll(5).constFirst().seq, 6);

        Reader reader(m_dir);
        QVERIFY(!reader.hasApplied(1)); // the first segment holds 1 and 2
        QVERIFY(reader.hasApplied(2));
        QVERIFY(reader.dropApplied(5)); // 1-2 and 3-4 go; 5 is not applied past
        QCOMPARE(segmentFiles().size(), 2);
        QCOMPARE(readAll(5).size(), 3);
        // The newest segment stays even when all is applied: its name keeps
        // the sequence going.
        QVERIFY(reader.dropApplied(8));
        QCOMPARE(segmentFiles().size(), 1);
        w.reset();
        QCOMPARE(Writer::open(m_dir).value()->lastSeq(), 8);
    }

    void backlogCountsWhatWaitsAfterTheMark()
    {
        auto w = Writer::open(m_dir, 64).value();
        QVERIFY(w->append({body(1), body(2)}, 1000));
        QVERIFY(w->append({body(3)}, 5000));
        QCOMPARE(backlog(m_dir, 0).value().waiting, 3);
        QCOMPARE(backlog(m_dir, 0).value().oldestMs, 1000);
        QCOMPARE(backlog(m_dir, 1).value().waiting, 2);
        QCOMPARE(backlog(m_dir, 1).value().oldestMs, 1000); // 2 came with 1
        QCOMPARE(backlog(m_dir, 2).value().oldestMs, 5000);
        QCOMPARE(backlog(m_dir, 3).value().waiting, 0);
        QCOMPARE(backlog(m_dir, 3).value().oldestMs, -1);
        QCOMPARE(readId(m_dir).value(), w->id());
        QVERIFY(readId(m_tmp.filePath(QStringLiteral("none"))).value().isEmpty());
    }

    void aFailedWriteStoresNothingAndStopsTheWriter()
    {
        auto w = Writer::open(m_dir, 32).value();
        QVERIFY(w->append({body(1)}, 1000));
        // The next segment cannot be created (a folder has its name).
        QVERIFY(QDir(m_dir).mkdir(QStringLiteral("seg-00000000000000000002.log")));
        QVERIFY(!w->append({body(2)}, 2000));
        QCOMPARE(w->lastSeq(), 1);
        QVERIFY(!w->append({body(3)}, 3000)); // still refused, nothing half-written
        w.reset();
        QVERIFY(QDir(m_dir).rmdir(QStringLiteral("seg-00000000000000000002.log")));
        w = Writer::open(m_dir, 32).value();
        QCOMPARE(w->lastSeq(), 1);
        QCOMPARE(w->append({body(2)}, 4000).value(), 2);
        QCOMPARE(readAll().size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestWebhookJournal)
#include "tst_webhookjournal.moc"
