// The local development chain: `hardhat node` only (contracts are compiled with solc-js, see scripts/).
module.exports = {
  networks: {
    // HARDHAT_CHAIN_ID lets tests run several local networks with different chain ids side by side.
    hardhat: { chainId: Number(process.env.HARDHAT_CHAIN_ID || 31337) },
  },
};
