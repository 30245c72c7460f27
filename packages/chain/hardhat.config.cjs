// The local development chain: `hardhat node` only (contracts are compiled with solc-js, see scripts/).
module.exports = {
  networks: {
    hardhat: { chainId: 31337 },
  },
};
