//! Batch digests: a Merkle root over the record hashes of a run, and proofs that let an
//! auditor verify one record against the published root offline.
//!
//! Leaves are `SHA-256(0x00 ‖ record hash)`, inner nodes `SHA-256(0x01 ‖ left ‖ right)`; an
//! odd node at the end of a level is carried up unchanged.

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::policy::Fingerprint;

fn leaf(hash: &Fingerprint) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(hash.bytes());
    h.finalize().into()
}

fn node(left: &[u8; 32], right: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// A Merkle tree over the record hashes of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerkleTree {
    levels: Vec<Vec<[u8; 32]>>,
}

/// A proof that one record hash is a leaf of a tree with a given root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MerkleProof {
    /// The leaf's position.
    pub index: usize,
    /// The siblings from the leaf up: whether the sibling is on the right, and its hash.
    pub path: Vec<(bool, Fingerprint)>,
}

impl MerkleTree {
    /// The tree over `hashes`, in order.
    ///
    /// # Example
    ///
    /// ```
    /// use doudi::audit::MerkleTree;
    /// use doudi::Fingerprint;
    ///
    /// let hashes: Vec<Fingerprint> = ["a", "b", "c"]
    ///     .iter()
    ///     .map(|s| s.repeat(64).parse().unwrap())
    ///     .collect();
    /// let tree = MerkleTree::new(&hashes);
    /// let proof = tree.proof(2).unwrap();
    /// assert!(proof.verify(&hashes[2], &tree.root()));
    /// assert!(!proof.verify(&hashes[1], &tree.root()));
    /// ```
    pub fn new(hashes: &[Fingerprint]) -> MerkleTree {
        let mut levels = vec![hashes.iter().map(leaf).collect::<Vec<_>>()];
        while levels.last().is_some_and(|l| l.len() > 1) {
            let below = levels.last().map(Vec::as_slice).unwrap_or(&[]);
            let up = below
                .chunks(2)
                .map(|pair| match pair {
                    [l, r] => node(l, r),
                    [only] => *only,
                    _ => [0; 32],
                })
                .collect();
            levels.push(up);
        }
        MerkleTree { levels }
    }

    /// The root (of an empty batch: the hash of nothing).
    pub fn root(&self) -> Fingerprint {
        match self.levels.last().and_then(|l| l.first()) {
            Some(root) => Fingerprint(*root),
            None => Fingerprint::of(b""),
        }
    }

    /// The proof for the leaf at `index`, if there is one.
    pub fn proof(&self, index: usize) -> Option<MerkleProof> {
        self.levels.first()?.get(index)?;
        let mut path = Vec::new();
        let mut i = index;
        // Every level but the root's.
        for level in self.levels.iter().take(self.levels.len().saturating_sub(1)) {
            let sibling = i ^ 1;
            if let Some(hash) = level.get(sibling) {
                path.push((sibling > i, Fingerprint(*hash)));
            }
            i /= 2;
        }
        Some(MerkleProof { index, path })
    }
}

impl MerkleProof {
    /// Whether `record_hash` with this proof leads to `root`.
    pub fn verify(&self, record_hash: &Fingerprint, root: &Fingerprint) -> bool {
        let mut h = leaf(record_hash);
        for (right, sibling) in &self.path {
            h = if *right {
                node(&h, &sibling.0)
            } else {
                node(&sibling.0, &h)
            };
        }
        h == root.0
    }
}
