// Entry for the passing suite: node test/vscode/runExtensionTests.mjs --extension test/vscode/sample --tests <this file>
exports.run = () => require('./runMocha').runMocha(require('node:path').join(__dirname, 'pass'));
