// Starts s3rver (installed by .ci/install-test-tools into test-tools/) on 127.0.0.1 and an
// ephemeral port, prints "listening <port>" and stops as soon as its standard input closes:
// when the test that started it closes the pipe, or dies. Arguments: <test-tools folder> <data folder>.
'use strict';
const path = require('path');
const S3rver = require(path.join(process.argv[2], 'node_modules', 's3rver'));

const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: process.argv[3],
  configureBuckets: [{ name: 'pedigree' }],
});
server.run().then((address) => {
  process.stdout.write('listening ' + address.port + '\n');
}, (error) => {
  process.stderr.write('s3rver failed to start: ' + error + '\n');
  process.exit(2);
});
process.stdin.on('data', () => {});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
