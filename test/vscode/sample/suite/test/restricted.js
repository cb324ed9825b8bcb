// Entry for the Restricted Mode suite: runExtensionTests.mjs --restricted
exports.run = () => require('./runMocha').runMocha(require('node:path').join(__dirname, 'restricted'));
