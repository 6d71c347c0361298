// CommonJS consumer: require() fails with a message naming the ESM import.
try {
  require('jobglass');
  console.log('loaded');
} catch (e) {
  console.log(e.message);
}
