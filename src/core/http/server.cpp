#include "core/http/server.h"

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/http/span_body.hpp>

#include <atomic>
#include <iostream>
#include <list>
#include <thread>

namespace tsunagu::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

bool parse_listen(const std::string& text, ServerOptions& options) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string::npos) return false;
  std::string host = text.substr(0, colon), port = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return false;
  int p = std::stoi(port);
  if (p > 65535) return false;
  boost::system::error_code ec;
  if (!host.empty()) asio::ip::make_address(host, ec);
  if (ec) return false;
  options.host = host.empty() ? "0.0.0.0" : host;
  options.port = static_cast<unsigned short>(p);
  return true;
}

namespace {

struct Connection {
  beast::tcp_stream* stream;
  bool idle = true;
};

// One network thread: its io_context, its acceptor and the connections it serves.
struct Worker {
  asio::io_context io{1};
  std::unique_ptr<tcp::acceptor> acceptor;
  std::list<Connection> connections;  // touched only on this worker's thread
};

Request to_request(bhttp::request<bhttp::string_body>& in, const tcp::endpoint& peer, bool trust_proxy) {
  Request r;
  r.method = std::string(in.method_string());
  r.target = std::string(in.target());
  for (const auto& field : in) {
    std::string name(field.name_string());
    auto it = r.headers.find(name);
    if (it == r.headers.end()) r.headers.emplace(name, std::string(field.value()));
    else it->second += (name == "Cookie" || name == "cookie" ? "; " : ", ") + std::string(field.value());
  }
  r.body = std::move(in.body());
  r.client_addr = peer.address().to_string();
  if (trust_proxy) {
    std::string xff = r.header("X-Forwarded-For");
    if (!xff.empty()) {
      std::size_t comma = xff.rfind(',');
      std::string last = comma == std::string::npos ? xff : xff.substr(comma + 1);
      while (!last.empty() && last.front() == ' ') last.erase(0, 1);
      r.client_addr = last;
    }
    r.secure = r.header("X-Forwarded-Proto") == "https";
  }
  return r;
}

template <class Body>
void set_head(bhttp::response<Body>& out, const Response& res, bool keep_alive) {
  for (auto& [name, value] : res.headers) out.set(name, value);
  for (auto& c : res.set_cookies) out.insert(bhttp::field::set_cookie, c);
  out.keep_alive(keep_alive);
}

bhttp::response<bhttp::string_body> to_beast(Response& res, unsigned version, bool keep_alive, bool head) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
  set_head(out, res, keep_alive);
  std::size_t length = res.body.size();
  if (!head) out.body() = std::move(res.body);
  out.content_length(length);
  return out;
}

// A response whose body is shared (Response::shared_body): written from where it is kept, which `res` keeps
// alive until the write is done.
bhttp::response<bhttp::span_body<const char>> to_beast_shared(const Response& res, unsigned version, bool keep_alive,
                                                             bool head) {
  bhttp::response<bhttp::span_body<const char>> out{static_cast<bhttp::status>(res.status), version};
  set_head(out, res, keep_alive);
  const std::string& body = *res.shared_body;
  if (!head) out.body() = beast::span<const char>(body.data(), body.size());
  out.content_length(body.size());
  return out;
}

Response limit_error(const beast::error_code& ec) {
  if (ec == bhttp::error::body_limit) return text(413, "リクエストが大きすぎます。\n");
  if (ec == bhttp::error::header_limit) return text(431, "ヘッダーが大きすぎます。\n");
  return text(400, "リクエストの形式が正しくありません。\n");
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions o, RequestHandler h, ExchangeLogger l, InlinePredicate i)
      : opt_(std::move(o)), handler_(std::move(h)), logger_(std::move(l)), runs_inline_(std::move(i)),
        pool_(opt_.worker_threads ? opt_.worker_threads : 4 * std::max(1u, std::thread::hardware_concurrency())) {
    std::size_t n = opt_.io_threads ? opt_.io_threads : std::max(1u, std::thread::hardware_concurrency());
    tcp::endpoint ep(asio::ip::make_address(opt_.host), opt_.port);
    for (std::size_t i = 0; i < n; ++i) {
      auto w = std::make_unique<Worker>();
      w->acceptor = std::make_unique<tcp::acceptor>(w->io);
      w->acceptor->open(ep.protocol());
      w->acceptor->set_option(asio::socket_base::reuse_address(true));
      int one = 1;
      ::setsockopt(w->acceptor->native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
      w->acceptor->bind(ep);
      w->acceptor->listen(asio::socket_base::max_listen_connections);
      ep = w->acceptor->local_endpoint();  // later acceptors share the port the first one got
      workers_.push_back(std::move(w));
    }
    port_ = ep.port();
  }

  unsigned short port() const { return port_; }

  void run() {
    asio::signal_set signals(workers_[0]->io, SIGINT, SIGTERM);
    signals.async_wait([this](const boost::system::error_code& ec, int) {
      if (!ec) stop();
    });
    for (auto& w : workers_) asio::co_spawn(w->io, accept(*w), asio::detached);
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < workers_.size(); ++i) threads.emplace_back([w = workers_[i].get()] { w->io.run(); });
    signals_ = &signals;
    workers_[0]->io.run();
    for (auto& t : threads) t.join();
    signals_ = nullptr;
    pool_.join();
  }

  void stop() {
    if (stopping_.exchange(true)) return;
    for (auto& w : workers_) {
      asio::post(w->io, [this, w = w.get()] {
        boost::system::error_code ec;
        w->acceptor->close(ec);
        for (Connection& c : w->connections)
          if (c.idle) c.stream->socket().close(ec);
        // Requests still running get the grace period, then everything stops.
        auto timer = std::make_shared<asio::steady_timer>(w->io, opt_.shutdown_grace);
        timer->async_wait([w, timer](const boost::system::error_code&) { w->io.stop(); });
        if (w->connections.empty()) w->io.stop();
      });
    }
    if (signals_) asio::post(workers_[0]->io, [this] {
      if (signals_) signals_->cancel();
    });
  }

 private:
  asio::awaitable<void> accept(Worker& w) {
    for (;;) {
      auto [ec, socket] = co_await w.acceptor->async_accept(use_tuple);
      if (ec) {
        if (stopping_ || ec == asio::error::operation_aborted) co_return;
        continue;  // e.g. too many open files: keep serving the others
      }
      socket.set_option(tcp::no_delay(true), ec);
      asio::co_spawn(w.io, serve(w, std::move(socket)), asio::detached);
    }
  }

  asio::awaitable<void> serve(Worker& w, tcp::socket socket) {
    boost::system::error_code ec;
    tcp::endpoint peer = socket.remote_endpoint(ec);
    beast::tcp_stream stream(std::move(socket));
    w.connections.push_back({&stream, true});
    auto self = std::prev(w.connections.end());
    beast::flat_buffer buffer;
    bool first = true;
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(opt_.header_limit));
      parser.body_limit(opt_.body_limit);
      stream.expires_after(first ? opt_.read_timeout : opt_.idle_timeout);
      first = false;
      self->idle = true;
      if (stopping_) break;
      auto [rec, bytes] = co_await bhttp::async_read(stream, buffer, parser, use_tuple);
      self->idle = false;
      if (rec) {
        if (rec != bhttp::error::end_of_stream && rec != beast::error::timeout && rec != asio::error::operation_aborted &&
            rec != asio::error::connection_reset && rec != asio::error::eof && !stopping_) {
          Response res = limit_error(rec);
          auto msg = to_beast(res, 11, false, false);
          stream.expires_after(opt_.write_timeout);
          co_await bhttp::async_write(stream, msg, use_tuple);
        }
        break;
      }
      auto start = std::chrono::steady_clock::now();
      auto& in = parser.get();
      bool keep_alive = in.keep_alive();
      unsigned version = in.version();
      bool head = in.method() == bhttp::verb::head;
      Request req = to_request(in, peer, opt_.trust_proxy);
      // (An if, not a conditional expression: GCC 12 miscompiles co_await inside ?:.)
      Response res;
      if (runs_inline_ && runs_inline_(req)) {
        res = handler_(req);
      } else {
        res = co_await asio::co_spawn(
            pool_, [this, &req]() -> asio::awaitable<Response> { co_return handler_(req); }, asio::use_awaitable);
      }
      keep_alive = keep_alive && !stopping_;
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      if (logger_) logger_(Exchange{req, res, ms});
      stream.expires_after(opt_.write_timeout);
      beast::error_code wec;
      // (Each co_await a statement of its own: GCC 12 mishandles it inside larger expressions.)
      if (res.shared_body) {
        auto msg = to_beast_shared(res, version, keep_alive, head);
        auto [e, n] = co_await bhttp::async_write(stream, msg, use_tuple);
        wec = e;
      } else {
        auto msg = to_beast(res, version, keep_alive, head);
        auto [e, n] = co_await bhttp::async_write(stream, msg, use_tuple);
        wec = e;
      }
      if (wec || !keep_alive) break;
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    w.connections.erase(self);
    if (stopping_ && w.connections.empty()) w.io.stop();
  }

  ServerOptions opt_;
  RequestHandler handler_;
  ExchangeLogger logger_;
  InlinePredicate runs_inline_;
  asio::thread_pool pool_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::atomic<bool> stopping_{false};
  asio::signal_set* signals_ = nullptr;
  unsigned short port_ = 0;
};

Server::Server(ServerOptions options, RequestHandler handler, ExchangeLogger logger, InlinePredicate runs_inline)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(logger), std::move(runs_inline))) {}
Server::~Server() = default;
unsigned short Server::port() const { return impl_->port(); }
void Server::run() { impl_->run(); }
void Server::stop() { impl_->stop(); }

}  // namespace tsunagu::http
