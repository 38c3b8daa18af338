// Obtain a certificate with acmecli as a C++ library: the whole flow in a dozen lines.
// Build: find_package(acmecli) and link acmecli::acmecli, or `pkg-config --cflags --libs acmecli`
// with -std=c++20 (see docs/library.md). Usage:
//   obtain_certificate DIRECTORY_URL CA_BUNDLE HTTP_LISTEN DOMAIN...
// prints the certificate (the leaf, then its issuers) and its private key. CA_BUNDLE is the test CA's
// roots ("" for a public CA), HTTP_LISTEN where http-01 is answered (":80", "127.0.0.1:5002").
#include <acmecli/account_client.hpp>
#include <acmecli/http01.hpp>
#include <acmecli/listen_address.hpp>

#include <iostream>
#include <memory>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: obtain_certificate DIRECTORY_URL CA_BUNDLE HTTP_LISTEN DOMAIN...\n";
    return 2;
  }
  try {
    acmecli::AccountClientOptions options;
    options.contact = {"mailto:admin@example.com"};
    options.transport.ca_bundle = argv[2];
    acmecli::AccountClient client(argv[1], acmecli::PrivateKey::generate(acmecli::KeyType::ec256), options);
    client.add_solver(std::make_shared<acmecli::Http01StandaloneSolver>(acmecli::parse_listen_address(argv[3], 80)));
    client.register_account(/*agree_to_terms=*/true);

    const std::vector<std::string> domains(argv + 4, argv + argc);
    const acmecli::CertificateResource certificate = client.obtain_san_certificate(domains);
    std::cout << certificate.certificate_pem << certificate.private_key->to_pem().reveal();
  } catch (const acmecli::Error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
