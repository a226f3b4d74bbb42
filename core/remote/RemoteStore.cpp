#include "RemoteStore.h"

#include "remote/StoreProblem.h"
#include "util/Clock.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QSet>
#include <QSslError>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcRemote, "payoutdesk.remote", QtInfoMsg)

namespace {

const QString kEnginePath = QStringLiteral("/api/v1/engine");
const QString kScheduledPath = QStringLiteral("/api/v1/artist/scheduled-payouts");
const QString kHistoryPath = QStringLiteral("/api/v1/artist/history");
const QString kStreamPath = QStringLiteral("/api/v1/artist/stream");
constexpr int kPageLimit = 200; // the API's largest page
// After a payment, History's newest transfers are read, not all of them:
// a payout run makes one transfer per artist and currency.
constexpr int kNewestTransfers = 10;

bool isLoopback(const QString &host)
{
    if (host.compare(u"localhost", Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

RemoteStore::RemoteStore(Options options, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_clock(clock)
{
    m_nam.setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
    connect(&m_nam, &QNetworkAccessManager::sslErrors, this, &RemoteStore::onSslErrors);
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, [this] { refresh(true); });
    m_silence.setSingleShot(true);
    connect(&m_silence, &QTimer::timeout, this, [this] {
        // Not even a heartbeat for three beats: the connection is dead
        // although no side said so (a laptop that slept, a NAT that forgot).
        closeStream();
        goOffline(StoreProblem::unreachable(m_options.url));
    });
    connect(&m_engine, &QTimer::timeout, this, &RemoteStore::pollEngine);
}

RemoteStore::~RemoteStore()
{
    closeStream();
}

QUrl RemoteStore::parseUrl(const QString &text, QString *problem)
{
    QString t = text.trimmed();
    while (t.endsWith(u'/'))
        t.chop(1);
    if (t.isEmpty()) {
        *problem = StoreProblem::noUrl();
        return {};
    }
    if (!t.contains(QStringLiteral("://"))) {
        const QUrl probe(QStringLiteral("http://") + t);
        t = (isLoopback(probe.host()) ? QStringLiteral("http://") : QStringLiteral("https://")) + t;
    }
    QUrl parsed(t, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.host().isEmpty() ||
        (parsed.scheme() != u"https" && parsed.scheme() != u"http") ||
        !parsed.userInfo().isEmpty() || parsed.hasQuery() || parsed.hasFragment()) {
        *problem = StoreProblem::badUrl(text.trimmed());
        return {};
    }
    if (parsed.scheme() == u"http" && !isLoopback(parsed.host())) {
        *problem = StoreProblem::plainHttp();
        return {};
    }
    problem->clear();
    return parsed;
}

void RemoteStore::start()
{
    refresh(true);
}

void RemoteStore::setCredentials(const QString &token, const QString &trustedCertificate)
{
    m_options.token = token;
    m_options.trustedCertificate = trustedCertificate;
    m_lastEventId.clear(); // another token may be another artist's
    reconnectNow();
}

void RemoteStore::trustCertificate(const QString &sha256)
{
    m_options.trustedCertificate = sha256;
    reconnectNow();
}

void RemoteStore::reconnectNow()
{
    m_retry.stop();
    closeStream();
    // A read in flight used what was known before; it is given up.
    m_read.reset();
    m_readAgain = m_historyAgain = m_engineAgain = false;
    m_newestAgain = true;
    m_paidKnown = false;
    refresh(true);
}

QNetworkRequest RemoteStore::request(const QString &path, const QString &query) const
{
    QUrl target = m_options.url;
    target.setPath(target.path() + path);
    if (!query.isEmpty())
        target.setQuery(query);
    QNetworkRequest r(target);
    r.setRawHeader("Authorization", "Bearer " + m_options.token.toUtf8());
    r.setRawHeader("Accept", "application/json");
    // QHttpServer speaks HTTP/1.1; and a cached answer is never fresh data.
    r.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    r.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    r.setTransferTimeout(m_options.requestTimeoutMs);
    return r;
}

QNetworkReply *RemoteStore::get(const QNetworkRequest &request)
{
    m_sslProblem.clear();
    m_sslTrustable = false;
    return m_nam.get(request);
}

void RemoteStore::refresh(bool history, bool engine, bool newest)
{
    if (m_read) {
        // One read at a time: a burst of events costs one more read.
        m_readAgain = true;
        m_historyAgain = m_historyAgain || history;
        m_engineAgain = m_engineAgain || engine;
        m_newestAgain = m_newestAgain && (newest || !history);
        return;
    }
    const StoreSnapshot &now = m_reader.snapshot();
    const bool first = now.artist.isEmpty();
    m_read = Read{++m_generation, history || first, false, -1, {}, {}, {}, {}};
    m_read->newestHistory = history && newest && !first && m_paidKnown && !now.paid.isEmpty();
    m_read->started.start();
    if (!m_read->history)
        m_read->next.paid = now.paid;
    if (engine || first)
        return fetch(Part::Engine);
    // A money event: the engine is read on its own schedule (pollEngine).
    m_read->next.engine = now.engine;
    m_read->next.engineReadAt = now.engineReadAt;
    fetch(Part::Scheduled);
}

void RemoteStore::fetch(Part part)
{
    QNetworkReply *reply = nullptr;
    const QString cursor =
        m_read->cursor.isEmpty() ? QString() : QStringLiteral("&cursor=") + m_read->cursor;
    switch (part) {
    case Part::Engine:
        reply = get(request(kEnginePath));
        break;
    case Part::Scheduled:
        reply = get(request(kScheduledPath, QStringLiteral("limit=%1").arg(kPageLimit) + cursor));
        break;
    case Part::History:
        reply =
            get(request(kHistoryPath, m_read->newestHistory
                                          ? QStringLiteral("limit=%1").arg(kNewestTransfers)
                                          : QStringLiteral("limit=%1").arg(kPageLimit) + cursor));
        break;
    }
    const int generation = m_read->generation;
    const qint64 sentNs = m_read->started.nsecsElapsed();
    ++m_read->stats.requests;
    connect(reply, &QNetworkReply::finished, this, [this, reply, part, generation, sentNs] {
        if (m_read && m_read->generation == generation)
            m_read->stats.waitNs += m_read->started.nsecsElapsed() - sentNs;
        onFetched(reply, part, generation);
    });
}

void RemoteStore::onFetched(QNetworkReply *reply, Part part, int generation)
{
    reply->deleteLater();
    if (!m_read || m_read->generation != generation)
        return; // a read given up (a reconnect started another)
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError || status != 200) {
        m_read.reset();
        m_readAgain = false;
        failed(reply);
        return;
    }
    const qint64 parseStartNs = m_read->started.nsecsElapsed();
    const QByteArray body = reply->readAll();
    m_read->stats.bytes += body.size();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject() || !parse(part, doc.object())) {
        m_read.reset();
        m_readAgain = false;
        goOffline(StoreProblem::notAStore(m_options.url));
        return;
    }
    m_read->stats.parseNs += m_read->started.nsecsElapsed() - parseStartNs;
    if (part == Part::History && m_read->newestHistory) {
        m_read->newestHistory = false;
        if (mergeNewestHistory())
            return finishRead();
        // It does not add up (an older transfer's entry was refunded, or
        // more was paid since the event): every page.
        m_read->next.paid.clear();
        m_read->cursor.clear();
        return fetch(Part::History);
    }
    if (!m_read->cursor.isEmpty())
        return fetch(part); // the next page
    switch (part) {
    case Part::Engine:
        return fetch(Part::Scheduled);
    case Part::Scheduled:
        if (!m_read->history && leftTheSchedule()) {
            // An entry left the scheduled list (paid, or voided) although
            // the stream's `paid` had not moved yet when this read began:
            // History is read too, so no money is ever missing from both.
            m_read->history = true;
            m_read->next.paid.clear();
        }
        return m_read->history ? fetch(Part::History) : finishRead();
    case Part::History:
        return finishRead();
    }
}

bool RemoteStore::parse(Part part, const QJsonObject &o)
{
    StoreSnapshot &next = m_read->next;
    m_read->cursor.clear();
    if (part == Part::Engine) {
        if (!o.contains(u"state"))
            return false;
        next.engine = o;
        next.engineReadAt = m_clock.now();
        return true;
    }
    const QString named = o[u"artist"].toString();
    if (named.isEmpty() || (!next.artist.isEmpty() && named != next.artist))
        return false;
    next.artist = named;
    m_read->cursor = o[u"paging"][u"next_cursor"].toString();
    if (part == Part::Scheduled) {
        next.account = o[u"payout_account"].toString();
        for (const QJsonValue &v : o[u"entries"].toArray())
            if (const std::optional<Entry> e = StoreJson::entry(v.toObject(), named))
                next.open.append(*e);
        return o[u"entries"].isArray();
    }
    m_read->historyTotal = o[u"paging"][u"total"].toInteger(-1);
    for (const QJsonValue &t : o[u"transfers"].toArray()) {
        const QString transfer = t[u"transfer_id"].toString();
        for (const QJsonValue &v : t[u"entries"].toArray()) {
            if (std::optional<Entry> e = StoreJson::entry(v.toObject(), named)) {
                e->transferId = transfer;
                next.paid.append(*e);
            }
        }
    }
    return o[u"transfers"].isArray();
}

bool RemoteStore::mergeNewestHistory()
{
    // The newest transfers as the store has them now, then the older ones
    // this window holds (a transfer's entries change only by a refund,
    // which moves `paid`).
    QList<Entry> merged = std::move(m_read->next.paid);
    QSet<QString> fresh;
    for (const Entry &e : std::as_const(merged)) {
        if (e.transferId.isEmpty())
            return false;
        fresh.insert(e.transferId);
    }
    QSet<QString> transfers = fresh;
    for (const Entry &e : m_reader.snapshot().paid) {
        if (e.transferId.isEmpty())
            return false;
        if (!fresh.contains(e.transferId)) {
            merged.append(e);
            transfers.insert(e.transferId);
        }
    }
    // Taken only when it adds up to the store's own figures: as many
    // transfers as History has, and paid per currency (amount and entries)
    // as the event said.
    QMap<QString, std::pair<qint64, qint64>> paid;
    for (const Entry &e : std::as_const(merged)) {
        if (e.state != EntryState::Paid)
            continue;
        std::pair<qint64, qint64> &p = paid[e.amount.currency];
        p.first += e.amount.minor;
        ++p.second;
    }
    if (qint64(transfers.size()) != m_read->historyTotal || paid != m_paidTotals)
        return false;
    m_read->next.paid = std::move(merged);
    return true;
}

bool RemoteStore::leftTheSchedule() const
{
    QSet<qint64> now;
    for (const Entry &e : m_read->next.open)
        now.insert(e.id);
    for (const Entry &e : m_reader.snapshot().open)
        if (!now.contains(e.id))
            return true;
    return false;
}

void RemoteStore::finishRead()
{
    StoreSnapshot next = std::move(m_read->next);
    m_lastStats = m_read->stats;
    m_lastStats.history = m_read->history;
    m_lastStats.totalNs = m_read->started.nsecsElapsed();
    if (!m_reader.snapshot().artist.isEmpty() && next.artist != m_reader.snapshot().artist)
        m_lastEventId.clear(); // a new token of another artist: their stream starts afresh
    m_read.reset();
    m_reader.replace(std::move(next));
    m_retryMs = 0;
    m_offlineSince = QDateTime();
    if (!m_stream)
        openStream();
    setState(State::Online, {});
    m_engine.start(int(m_clock.timerMsFor(m_options.enginePollMs)));
    Q_EMIT changed();
    if (m_readAgain) {
        m_readAgain = false;
        const bool history = m_historyAgain;
        const bool engine = m_engineAgain;
        const bool newest = m_newestAgain;
        m_historyAgain = m_engineAgain = false;
        m_newestAgain = true;
        refresh(history, engine, newest);
    }
}

void RemoteStore::pollEngine()
{
    if (m_state != State::Online || m_read)
        return;
    QNetworkReply *reply = get(request(kEnginePath));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError || status != 200)
            return failed(reply);
        const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
        if (!o.contains(u"state"))
            return;
        m_reader.replaceEngine(o, m_clock.now());
        Q_EMIT changed();
    });
}

void RemoteStore::openStream()
{
    QNetworkRequest r = request(kStreamPath);
    r.setRawHeader("Accept", "text/event-stream");
    r.setTransferTimeout(0); // quiet for hours; the silence timer watches it
    if (!m_lastEventId.isEmpty())
        r.setRawHeader("Last-Event-ID", m_lastEventId.toLatin1());
    m_streamBuffer.clear();
    m_stream = get(r);
    connect(m_stream, &QNetworkReply::readyRead, this, &RemoteStore::onStreamBytes);
    connect(m_stream, &QNetworkReply::finished, this, &RemoteStore::onStreamEnded);
    m_silence.start(int(m_clock.timerMsFor(m_options.streamSilenceMs)));
}

void RemoteStore::closeStream()
{
    m_silence.stop();
    if (!m_stream)
        return;
    QNetworkReply *stream = m_stream;
    m_stream = nullptr;
    disconnect(stream, nullptr, this, nullptr);
    stream->abort();
    stream->deleteLater();
}

void RemoteStore::onStreamBytes()
{
    const int status = m_stream->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return; // a refusal's JSON: handled when it finishes
    m_silence.start(int(m_clock.timerMsFor(m_options.streamSilenceMs)));
    m_streamBuffer += m_stream->readAll();
    // Server-Sent Events: blocks end with a blank line; "field: value" lines.
    m_streamBuffer.replace("\r\n", "\n");
    qsizetype end;
    while ((end = m_streamBuffer.indexOf("\n\n")) >= 0) {
        const QByteArray block = m_streamBuffer.left(end);
        m_streamBuffer.remove(0, end + 2);
        QByteArray event = "message", id, data;
        for (const QByteArray &line : block.split('\n')) {
            if (line.isEmpty() || line.startsWith(':'))
                continue;
            const qsizetype colon = line.indexOf(':');
            const QByteArray field = colon < 0 ? line : line.left(colon);
            QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
            if (value.startsWith(' '))
                value.remove(0, 1);
            if (field == "event")
                event = value;
            else if (field == "id")
                id = value;
            else if (field == "data")
                data += (data.isEmpty() ? QByteArray() : QByteArray("\n")) + value;
        }
        if (!data.isEmpty() || event != "message")
            handleEvent(event, id, data);
        if (!m_stream)
            return; // the event closed it
    }
}

void RemoteStore::handleEvent(const QByteArray &event, const QByteArray &id, const QByteArray &data)
{
    if (!id.isEmpty())
        m_lastEventId = QString::fromLatin1(id);
    if (event == "revoked") {
        closeStream();
        setState(State::Refused, StoreProblem::tokenRefused());
        return;
    }
    if (event == "resync") {
        m_paidKnown = false;
        refresh(true);
        return;
    }
    if (event != "payouts")
        return;
    Q_EMIT streamEvent(m_lastEventId);
    // `paid` moved: a payment (or a refund of one) that History shows.
    const QJsonArray paidArray = QJsonDocument::fromJson(data).object()[u"paid"].toArray();
    const QByteArray paid = QJsonDocument(paidArray).toJson();
    const bool history = paid != m_lastPaid;
    m_lastPaid = paid;
    m_paidTotals.clear();
    for (const QJsonValue &p : paidArray)
        m_paidTotals.insert(p[u"currency"].toString(),
                            {p[u"paid_minor"].toInteger(), p[u"entries"].toInteger()});
    m_paidKnown = true;
    refresh(history, false, true);
}

void RemoteStore::onStreamEnded()
{
    QNetworkReply *stream = m_stream;
    if (!stream)
        return;
    m_stream = nullptr;
    m_silence.stop();
    stream->deleteLater();
    if (m_state == State::Refused)
        return;
    const int status = stream->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return failed(stream); // refused before it opened: 401, 429, 503, TLS
    // An open stream that ended: the store went away (or closed it).
    goOffline(StoreProblem::unreachable(m_options.url));
}

void RemoteStore::failed(QNetworkReply *reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 401) {
        closeStream();
        setState(State::Refused, StoreProblem::tokenRefused());
        return;
    }
    if (status == 429) {
        const qint64 wait = reply->rawHeader("Retry-After").toLongLong();
        goOffline(StoreProblem::tooManyTries(int(qMax<qint64>(wait, 1))));
        scheduleRetry(qMax<qint64>(wait, 1) * 1000);
        return;
    }
    if (!m_sslProblem.isEmpty()) {
        closeStream();
        if (m_sslTrustable) {
            m_offlineSince = m_offlineSince.isValid() ? m_offlineSince : m_clock.now();
            setState(State::Untrusted, m_sslProblem);
            return;
        }
        goOffline(m_sslProblem);
        return;
    }
    if (status == 404)
        return goOffline(StoreProblem::notAStore(m_options.url));
    if (status != 0)
        return goOffline(StoreProblem::storeFailing());
    qCInfo(lcRemote).noquote() << "the store did not answer:" << reply->errorString();
    goOffline(StoreProblem::unreachable(m_options.url));
}

void RemoteStore::goOffline(const QString &problem)
{
    closeStream();
    m_engine.stop();
    if (!m_offlineSince.isValid())
        m_offlineSince = m_clock.now();
    setState(State::Offline, problem);
    scheduleRetry();
}

void RemoteStore::scheduleRetry(qint64 atLeastMs)
{
    m_retryMs = m_retryMs == 0 ? m_options.firstRetryMs : qMin(m_retryMs * 2, m_options.maxRetryMs);
    m_retry.start(int(m_clock.timerMsFor(qMax(m_retryMs, atLeastMs))));
}

void RemoteStore::setState(State state, const QString &problem)
{
    if (state == m_state && problem == m_problem)
        return;
    m_state = state;
    m_problem = problem;
    Q_EMIT stateChanged(state);
}

void RemoteStore::onSslErrors(QNetworkReply *reply, const QList<QSslError> &errors)
{
    const QSslCertificate peer = reply->sslConfiguration().peerCertificate();
    const QString fingerprint =
        peer.isNull() ? QString()
                      : QString::fromLatin1(peer.digest(QCryptographicHash::Sha256).toHex());
    bool expired = false;
    bool otherHost = false;
    for (const QSslError &e : errors) {
        expired = expired || e.error() == QSslError::CertificateExpired ||
                  e.error() == QSslError::CertificateNotYetValid;
        otherHost = otherHost || e.error() == QSslError::HostNameMismatch;
    }
    if (!expired && !fingerprint.isEmpty() &&
        fingerprint.compare(m_options.trustedCertificate, Qt::CaseInsensitive) == 0) {
        // The very certificate the user chose to trust: its own errors
        // (self-signed, another name) are expected; any other certificate's
        // are not.
        reply->ignoreSslErrors(errors);
        return;
    }
    m_refusedCertificate = fingerprint;
    // Only a certificate that is merely unknown here may be trusted by hand;
    // an expired one needs the store to renew it.
    m_sslTrustable = !expired && !fingerprint.isEmpty();
    m_sslProblem = expired     ? StoreProblem::expired()
                   : otherHost ? StoreProblem::otherHost(m_options.url)
                               : StoreProblem::untrusted();
    qCInfo(lcRemote).noquote() << "the store's certificate was refused:"
                               << errors.constFirst().errorString();
}
