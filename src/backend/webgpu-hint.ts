/** What a user installs for `--backend webgpu` under Node: tfjs's WebGPU backend and Dawn (`webgpu`). */
export const WEBGPU_INSTALL_HINT = 'npm install @tensorflow/tfjs-backend-webgpu@4.22.0 webgpu@0.6.2';
